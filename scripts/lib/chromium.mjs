// Debian's Chromium and the flags every launch uses (Playwright cannot download its own browser here). Without the
// background-networking flags Chromium keeps dialling Google's hosts, which this network refuses.
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

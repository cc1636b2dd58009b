// Renders the app icons (PNG) from the SVG mark with Chromium. Run once when the mark changes; the PNGs are committed.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';

const mark = readFileSync('static/favicon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const page = await browser.newPage();
/** Maskable icons keep the mark inside the central 80% safe zone on a full-bleed background. */
const jobs = [
	{ file: 'icon-192.png', size: 192, pad: 0, bg: 'transparent' },
	{ file: 'icon-512.png', size: 512, pad: 0, bg: 'transparent' },
	{ file: 'maskable-512.png', size: 512, pad: 0.2, bg: '#12355b' },
	{ file: 'apple-touch-icon-180.png', size: 180, pad: 0.08, bg: '#12355b' }
];
for (const { file, size, pad, bg } of jobs) {
	await page.setViewportSize({ width: size, height: size });
	const inner = Math.round(size * (1 - 2 * pad));
	await page.setContent(
		`<body style="margin:0;background:${bg};display:grid;place-items:center;width:${size}px;height:${size}px">` +
			mark.replace('<svg ', `<svg width="${inner}" height="${inner}" `) +
			'</body>'
	);
	await page.screenshot({ path: `static/icons/${file}`, omitBackground: bg === 'transparent' });
}
await browser.close();

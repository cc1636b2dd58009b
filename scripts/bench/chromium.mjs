import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../lib/chromium.mjs';

export function launchChromium() {
	return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** Resolves once a service worker controls the page; the first visit only installs it, so reload once. */
export async function waitForServiceWorkerControl(page) {
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

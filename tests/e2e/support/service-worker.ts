import { expect, type Page } from '@playwright/test';

/**
 * Waits until the service worker controls the page. The first visit installs the worker but, without
 * clientsClaim, only the next navigation is controlled — so reload once when it is active and not yet in charge.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		return registration.active?.state;
	});
	if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

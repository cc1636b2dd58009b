import { expect, test } from '@playwright/test';
import { startReleaseProxy, type ReleaseProxy } from './support/release-proxy';
import { waitForServiceWorkerControl } from './support/service-worker';

let proxy: ReleaseProxy;
test.beforeAll(async ({ baseURL }) => {
	proxy = await startReleaseProxy(baseURL!);
});
test.afterAll(async () => {
	await proxy.close();
});

test('a waiting service worker shows "Update available"; Reload activates it and reloads the page', async ({
	page
}) => {
	await page.goto(`${proxy.origin}/`);
	await waitForServiceWorkerControl(page);
	const banner = page.getByRole('alert').filter({ hasText: 'Update available' });
	await expect(banner).toHaveCount(0);

	proxy.deployNextRelease();
	// Stands in for the app's hourly update check.
	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
	await expect(banner).toBeVisible();
	// A mark on this document tells a real reload (new document) from the banner merely closing.
	await page.evaluate(() => document.documentElement.setAttribute('data-before-update', ''));

	await banner.getByRole('button', { name: 'Reload' }).click();
	await expect(page.locator('html[data-before-update]')).toHaveCount(0);
	await expect(page.getByRole('heading', { level: 1, name: 'EMS Registry' })).toBeVisible();
	await expect(banner).toHaveCount(0);
	const after = await page.evaluate(async () => {
		const r = (await navigator.serviceWorker.getRegistration())!;
		// Workbox keys precached entries by revision: the new release's shell cached and no worker left waiting
		// means the new worker installed and then took over.
		const newShell = await caches.match('/shell?__WB_REVISION__=next-release');
		return { waiting: r.waiting !== null, controller: navigator.serviceWorker.controller?.state, newShell: !!newShell };
	});
	expect(after).toEqual({ waiting: false, controller: 'activated', newShell: true });
});

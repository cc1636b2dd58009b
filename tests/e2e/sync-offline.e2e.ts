import { expect, test } from '@playwright/test';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, openSyncPage, serverPerson, storedMutations, syncStatus, uniquePhone } from './support/sync';

test('an offline edit survives an offline reload and reaches the server once when back online', async ({ page, context }) => {
	await logIn(page);
	await openSyncPage(page);
	await waitForServiceWorkerControl(page);
	await expect(page.getByLabel('Mobile phone')).toBeVisible();

	const phone = uniquePhone();
	await context.setOffline(true);
	await expect(syncStatus(page)).toContainText('Offline — changes are kept on this device');
	await page.getByLabel('Mobile phone').fill(phone.typed);
	await page.getByRole('button', { name: 'Save contact information' }).click();
	await expect(page.getByText('Saved on this device. It will be sent when you are back online.')).toBeVisible();
	const waiting = page.getByRole('region', { name: 'Waiting to sync' });
	await expect(waiting).toContainText(`Mobile phone: ${phone.stored}`);

	const response = await page.reload();
	expect(response?.fromServiceWorker()).toBe(true);
	await expect(page.getByLabel('Mobile phone')).toHaveValue(phone.stored);
	await expect(waiting).toContainText(`Mobile phone: ${phone.stored}`);
	await expect(syncStatus(page)).toContainText('Offline — changes are kept on this device');
	expect(serverPerson('100002').mobile_phone).not.toBe(phone.stored);

	await context.setOffline(false);
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect(syncStatus(page)).toContainText('Last synced');
	await expect(waiting).toHaveCount(0);
	expect(serverPerson('100002').mobile_phone).toBe(phone.stored);
	expect(storedMutations('100002', phone.stored)).toBe(1);
});

test('the indicator counts changes waiting while the server cannot be reached, and retries', async ({ page }) => {
	await logIn(page);
	await openSyncPage(page);
	// The server fails (not the connection): local work goes on and the device keeps retrying.
	await page.route('**/api/sync/**', (route) => route.fulfill({ status: 503, body: 'down for maintenance' }));
	const phone = uniquePhone();
	await page.getByLabel('Mobile phone').fill(phone.typed);
	await page.getByRole('button', { name: 'Save contact information' }).click();
	await expect(syncStatus(page)).toContainText(/1 change waiting to sync|Sync failed — retrying/);
	await expect(syncStatus(page)).toContainText('Sync failed — retrying', { timeout: 10_000 });
	await page.getByLabel('Home phone').fill('701-555-0142');
	await page.getByRole('button', { name: 'Save contact information' }).click();
	await expect(page.getByRole('region', { name: 'Waiting to sync' })).toContainText('Home phone: +17015550142');

	await page.unroute('**/api/sync/**');
	await page.getByRole('button', { name: 'Sync now' }).click();
	await expect(syncStatus(page)).toContainText('All changes saved');
	expect(serverPerson('100002').mobile_phone).toBe(phone.stored);
});

import { expect, test } from '@playwright/test';
import { editContact, openDashboard } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, serverPerson, storedMutations, syncStatus, uniquePhone } from './support/sync';

test('an offline edit survives an offline reload and reaches the server once when back online', async ({ page, context }) => {
	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);
	await openDashboard(page);

	const phone = uniquePhone();
	await context.setOffline(true);
	await expect(syncStatus(page)).toContainText('Offline — changes are kept on this device');
	await editContact(page, { 'Mobile phone': phone.typed });
	await page.getByRole('link', { name: 'Changes on this device' }).click();
	const waiting = page.getByRole('region', { name: 'Waiting to sync' });
	await expect(waiting).toContainText(`Mobile phone: ${phone.stored}`);

	const response = await page.reload();
	expect(response?.fromServiceWorker()).toBe(true);
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

test('the indicator counts changes waiting while the server cannot be reached, and retries', async ({ page, context }) => {
	await logIn(page);
	await openDashboard(page);
	// The server fails (not the connection): local work goes on and the device keeps retrying. Routed for the whole
	// context, so the service worker's Background Sync meets the same failing server as the page.
	await context.route('**/api/sync/**', (route) => route.fulfill({ status: 503, body: 'down for maintenance' }));
	const phone = uniquePhone();
	await editContact(page, { 'Mobile phone': phone.typed });
	await expect(syncStatus(page)).toContainText(/1 change waiting to sync|Sync failed — retrying/);
	await expect(syncStatus(page)).toContainText('Sync failed — retrying', { timeout: 10_000 });
	await editContact(page, { 'Home phone': '701-555-0142' });
	await page.getByRole('link', { name: 'Changes on this device' }).click();
	await expect(page.getByRole('region', { name: 'Waiting to sync' })).toContainText('Home phone: +17015550142');

	await context.unroute('**/api/sync/**');
	await page.getByRole('button', { name: 'Sync now' }).click();
	await expect(syncStatus(page)).toContainText('All changes saved');
	expect(serverPerson('100002').mobile_phone).toBe(phone.stored);
	expect(serverPerson('100002').home_phone).toBe('+17015550142');
});

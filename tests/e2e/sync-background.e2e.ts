import { expect, test } from '@playwright/test';
import { editContact, openDashboard } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, serverPerson, storedMutations, syncStatus, uniquePhone } from './support/sync';

const TAG = 'ems-registry-sync';

test('a change made offline reaches the server through Background Sync after the app is closed', async ({ page, context }) => {
	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);
	await openDashboard(page);

	const phone = uniquePhone();
	await context.setOffline(true);
	await editContact(page, { 'Mobile phone': phone.typed });
	await expect(syncStatus(page)).toContainText('Offline — changes are kept on this device');
	// The page could not send it, so it asked the browser to wake the service worker once online.
	await expect
		.poll(() =>
			page.evaluate(async (tag) => {
				const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } };
				return (await registration.sync.getTags()).includes(tag);
			}, TAG)
		)
		.toBe(true);

	// The person closes the app; the signal comes back later.
	await context.newPage();
	await page.close();
	await context.setOffline(false);
	expect(serverPerson('100002').mobile_phone).not.toBe(phone.stored);

	// No page of the app is open: only the service worker, woken by the browser's Background Sync, can send it.
	await expect.poll(() => serverPerson('100002').mobile_phone, { timeout: 15_000 }).toBe(phone.stored);
	expect(storedMutations('100002', phone.stored)).toBe(1);

	// Opening the app again: nothing waiting, and it says when the worker synced.
	const reopened = await context.newPage();
	await reopened.goto('/sync');
	await expect(reopened.getByRole('heading', { level: 1, name: 'Changes on this device' })).toBeVisible();
	await expect(syncStatus(reopened)).toContainText('All changes saved');
	await expect(reopened.getByRole('region', { name: 'Waiting to sync' })).toHaveCount(0);
	await expect(reopened.getByText('Nothing is waiting to be sent from this device.')).toBeVisible();
	expect(storedMutations('100002', phone.stored)).toBe(1);
});

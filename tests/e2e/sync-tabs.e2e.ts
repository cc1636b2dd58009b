import { expect, test } from '@playwright/test';
import { editContact, openDashboard } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, openSyncPage, serverPerson, storedMutations, syncStatus, uniquePhone } from './support/sync';

test('two tabs: an edit in one shows in the other, one tab sends it, both report the result', async ({ context, page }) => {
	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);
	await openDashboard(page);
	const other = await context.newPage();
	await openSyncPage(other);

	let pushesWithMutations = 0;
	await context.route('**/api/sync/push', async (route) => {
		const body = route.request().postDataJSON() as { mutations: unknown[] };
		if (body.mutations.length) pushesWithMutations++;
		await route.continue();
	});

	const phone = uniquePhone();
	await context.setOffline(true);
	await editContact(page, { 'Mobile phone': phone.typed });
	// The other tab reads the same device database: the change waits there too.
	await expect(other.getByRole('region', { name: 'Waiting to sync' })).toContainText(`Mobile phone: ${phone.stored}`);

	await context.setOffline(false);
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect(syncStatus(other)).toContainText('All changes saved');
	await expect(other.getByRole('region', { name: 'Waiting to sync' })).toHaveCount(0);
	expect(serverPerson('100002').mobile_phone).toBe(phone.stored);
	expect(storedMutations('100002', phone.stored)).toBe(1);
	expect(pushesWithMutations).toBe(1);
});

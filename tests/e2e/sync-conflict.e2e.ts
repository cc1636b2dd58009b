import { expect, test } from '@playwright/test';
import { editContact, openDashboard } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, serverPerson, syncStatus, uniquePhone } from './support/sync';

test('two devices change the same field: the later one sees both values and can put its own back', async ({ browser }) => {
	const phone = await browser.newContext();
	const laptop = await browser.newContext();
	try {
		const a = await phone.newPage();
		const b = await laptop.newPage();
		await logIn(a);
		await logIn(b);
		await openDashboard(a);
		await waitForServiceWorkerControl(a);
		await openDashboard(a);
		await openDashboard(b);

		const mine = uniquePhone();
		const theirs = uniquePhone();
		// The phone edits offline; meanwhile the laptop changes the same field and syncs first.
		await phone.setOffline(true);
		await editContact(a, { 'Mobile phone': mine.typed });
		await editContact(b, { 'Mobile phone': theirs.typed, City: 'Minot' });
		// (The indicator said "All changes saved" before the save too, so wait for the server itself.)
		await expect.poll(() => serverPerson('100002').mobile_phone).toBe(theirs.stored);
		await expect(syncStatus(b)).toContainText('All changes saved');

		await phone.setOffline(false);
		const conflict = a.getByRole('article').filter({ hasText: 'Your change to Mobile phone was not applied because it was changed elsewhere.' });
		await expect(conflict).toBeVisible();
		await expect(conflict).toContainText(mine.stored);
		await expect(conflict).toContainText(theirs.stored);
		// The other field changed elsewhere arrives without a conflict.
		expect(serverPerson('100002').city).toBe('Minot');
		await expect(a.getByRole('region', { name: 'Name and contact information' })).toContainText('Minot');

		await conflict.getByRole('button', { name: 'Use my value' }).click();
		await expect(conflict).toHaveCount(0);
		await expect.poll(() => serverPerson('100002').mobile_phone).toBe(mine.stored);
		await expect(syncStatus(a)).toContainText('All changes saved');
	} finally {
		await phone.close();
		await laptop.close();
	}
});

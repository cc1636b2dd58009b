import { expect, test } from '@playwright/test';
import { editContact, openDashboard } from './support/edit';
import { receivedMessages } from './support/messages';
import { logIn, serverDatabase, syncStatus } from './support/sync';

function accountEmail(emsNumber: string): string {
	const db = serverDatabase();
	try {
		return (db.prepare('select email from accounts where ems_number = ?').get(emsNumber) as { email: string }).email;
	} finally {
		db.close();
	}
}

const contact = (page: import('@playwright/test').Page) => page.getByRole('region', { name: 'Name and contact information' });

test('a new email address becomes the sign-in address once synced, and both addresses are told', async ({ page }) => {
	await logIn(page);
	await openDashboard(page);
	const old = accountEmail('100002');
	const fresh = `medic.${Date.now()}@example.org`;
	await editContact(page, { Email: fresh });
	await expect.poll(() => accountEmail('100002')).toBe(fresh);
	await expect(contact(page)).toContainText(fresh);
	await expect
		.poll(async () => (await receivedMessages()).filter((m) => m.subject === 'Your EMS Registry email address was changed').map((m) => m.to))
		.toEqual(expect.arrayContaining([old, fresh]));

	// Put it back: other specs sign in with codes sent to the demo address.
	await editContact(page, { Email: old });
	await expect.poll(() => accountEmail('100002')).toBe(old);
});

test('an email address another person uses is refused with the reason, and the record keeps the old one', async ({ page }) => {
	await logIn(page);
	await openDashboard(page);
	const old = accountEmail('100002');
	await editContact(page, { Email: accountEmail('100001') });
	const refusal = page.getByRole('article').filter({ hasText: 'That email address is already used by another person in the registry.' });
	await expect(refusal).toBeVisible();
	await expect(contact(page)).toContainText(old);
	await expect(syncStatus(page)).toContainText('All changes saved');
	expect(accountEmail('100002')).toBe(old);
	await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText('Not accepted by the state registry');
});

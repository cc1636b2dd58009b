import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { editContact, openDashboard } from './support/edit';
import { logIn, serverDatabase, syncStatus } from './support/sync';

function emailIn(table: 'accounts' | 'persons', emsNumber: string): string {
	const db = serverDatabase();
	try {
		return (db.prepare(`select email from ${table} where ems_number = ?`).get(emsNumber) as { email: string }).email;
	} finally {
		db.close();
	}
}
const accountEmail = (emsNumber: string) => emailIn('accounts', emsNumber);
const recordEmail = (emsNumber: string) => emailIn('persons', emsNumber);

test('a refused change opens in Edit with what was typed and why, is corrected and sent again', async ({ page }) => {
	await logIn(page);
	await openDashboard(page);
	const old = accountEmail('100002');
	const taken = accountEmail('100001');
	await editContact(page, { Email: taken, City: 'Valley City' });
	const refusal = page.getByRole('article').filter({ hasText: 'That email address is already used by another person in the registry.' });
	await expect(refusal).toBeVisible();

	await refusal.getByRole('link', { name: 'Correct and send again' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Edit', exact: true })).toBeVisible();
	await expect(page.getByRole('group', { name: 'Contact information' }).getByRole('radio', { name: 'Yes' })).toBeChecked();
	await expect(page.getByRole('group', { name: 'Name', exact: true }).getByRole('radio', { name: 'No' })).toBeChecked();
	const email = page.getByLabel('Email', { exact: true });
	await expect(email).toHaveValue(taken);
	await expect(email).toHaveAttribute('aria-invalid', 'true');
	await expect(email).toHaveAccessibleDescription(/already used by another person/);
	await expect(page.getByLabel('City', { exact: true })).toHaveValue('Valley City');
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);

	const fresh = `medic.${Date.now()}@example.org`;
	await email.fill(fresh);
	await page.getByRole('button', { name: 'Submit & Continue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Thank you' })).toBeVisible();
	await page.getByRole('link', { name: 'Account Dashboard Home' }).click();
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect.poll(() => recordEmail('100002')).toBe(fresh);
	// The sign-in and code address moves only once the new inbox confirms it (decision 019).
	expect(accountEmail('100002')).toBe(old);
	await expect(refusal).toHaveCount(0);

	// Put it back: other specs sign in with codes sent to the demo address.
	await editContact(page, { Email: old });
	await expect.poll(() => recordEmail('100002')).toBe(old);
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import argon2 from 'argon2';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { clearMessages, codeSentTo, receivedMessages } from './support/messages';

test.describe.configure({ mode: 'serial' });

test('signing in from a link whose next is /<tab>/evil.example stays on this site', async ({ page, baseURL }) => {
	await page.goto('/login?next=/%09/evil.example');
	await page.getByLabel('EMS ID').fill('100003');
	await page.getByLabel('Password', { exact: true }).fill('Demo-Leader-2026!');
	await page.getByRole('button', { name: 'Log In' }).click();
	await expect(page.getByRole('heading', { name: 'Licensee Dashboard' })).toBeVisible();
	expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
	await expect(page).toHaveURL(/\/dashboard$/);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
});

/** Chromium's virtual authenticator (as in passkeys.e2e.ts): a platform authenticator with a verified user. */
async function addVirtualAuthenticator(page: Page) {
	const client = await page.context().newCDPSession(page);
	await client.send('WebAuthn.enable');
	await client.send('WebAuthn.addVirtualAuthenticator', {
		options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true }
	});
}

/**
 * A generated licensee with a password of our own, written into the e2e server's SQLite database: resetting a demo
 * login's password would change it for every later test file, and one account may ask for a code only once a minute.
 */
async function licenseeWithPassword(password: string) {
	const db = new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		const row = db
			.prepare(
				`select a.id, a.ems_number as emsNumber, p.email from accounts a join persons p on p.ems_number = a.ems_number
				 where a.role = 'licensee' and a.password_hash is null and a.ems_number > '100003' and p.deleted_at is null and a.email = p.email
				 order by a.ems_number desc limit 1`
			)
			.get() as { id: string; emsNumber: string; email: string };
		db.prepare('update accounts set password_hash = ? where id = ?').run(await argon2.hash(password, { type: argon2.argon2id }), row.id);
		return row;
	} finally {
		db.close();
	}
}

function passkeyCount(accountId: string): number {
	const db = new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { readonly: true, fileMustExist: true });
	try {
		return (db.prepare('select count(*) as n from passkeys where account_id = ?').get(accountId) as { n: number }).n;
	} finally {
		db.close();
	}
}

test('adding a passkey emails a notice; after Forgot Password the success page lists it and removes it', async ({ page }) => {
	const first = 'Coulee-Rescue-Boat-41';
	const person = await licenseeWithPassword(first);
	await addVirtualAuthenticator(page);
	await clearMessages();

	await page.goto('/login');
	await page.getByLabel('EMS ID').fill(person.emsNumber);
	await page.getByLabel('Password', { exact: true }).fill(first);
	await page.getByRole('button', { name: 'Log In' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
	await page.getByRole('link', { name: 'Passkeys' }).click();
	await page.getByRole('button', { name: 'Add a passkey' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Passkey' })).toHaveText('Passkey added.');
	await expect
		.poll(async () => (await receivedMessages()).find((m) => m.to === person.email)?.subject, { timeout: 15_000 })
		.toBe('A passkey was added to your EMS Registry account');
	await page.goto('/dashboard');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);

	// Lost the phone: Forgot Password, then remove the passkey from the page that confirms the change.
	await page.getByRole('link', { name: 'Forgot Password' }).click();
	await page.getByLabel('Email address').fill(person.email);
	await page.getByLabel('ND EMS #').fill(person.emsNumber);
	await page.getByRole('radio', { name: 'Email', exact: true }).check();
	await page.getByRole('button', { name: 'Send Code' }).click();
	await page.getByLabel('Code', { exact: true }).fill(await codeSentTo(person.email));
	await page.getByRole('button', { name: 'Verify Code' }).click();
	await expect(page.getByRole('heading', { name: 'Change Password' })).toBeVisible();
	const second = 'Missouri-Slope-Medic-58';
	await page.getByLabel('New password', { exact: true }).fill(second);
	await page.getByLabel('Confirm new password').fill(second);
	await page.getByRole('button', { name: 'Update Password' }).click();
	await expect(page.getByText('Your password has been changed')).toBeVisible();

	await expect(page.getByRole('heading', { name: 'Passkeys on this account' })).toBeVisible();
	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
	expect(axe.violations).toEqual([]);
	await page.getByRole('button', { name: 'Remove Passkey 1' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Passkey removed' })).toHaveText('Passkey removed.');
	await expect(page.getByRole('button', { name: 'Remove Passkey 1' })).toHaveCount(0);
	await expect(page.getByText('Your password has been changed')).toBeVisible();
	expect(passkeyCount(person.id)).toBe(0);

	await page.getByRole('link', { name: 'Return to Login Page' }).click();
	await page.getByLabel('EMS ID').fill(person.emsNumber);
	await page.getByLabel('Password', { exact: true }).fill(second);
	await page.getByRole('button', { name: 'Log In' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
});

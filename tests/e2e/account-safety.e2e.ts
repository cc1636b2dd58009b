import { expect, test } from '@playwright/test';

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

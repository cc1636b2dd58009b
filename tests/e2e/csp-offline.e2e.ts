import { expect, test } from '@playwright/test';

/** The strict Content-Security-Policy must not break the service worker or the prerendered offline shell. */
test('with the CSP in place, the app installs its service worker and opens login offline', async ({ page, context }) => {
	const violations: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
	});
	const response = await page.goto('/login');
	expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
	// The first visit installs the worker; it controls pages from the next navigation.
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await page.reload();
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Licensee Dashboard' })).toBeVisible();
	await page.getByLabel('EMS ID').fill('100002');
	await page.getByLabel('Password', { exact: true }).fill('Demo-Paramedic-2026!');
	await page.getByRole('button', { name: 'Log In' }).click();
	await expect(page.getByRole('alert')).toContainText('You are offline. Signing in needs a connection;');
	await expect(page.getByLabel('EMS ID')).toHaveValue('100002');
	await context.setOffline(false);
	expect(violations).toEqual([]);
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { PullResponse } from '../../src/lib/domain/sync-protocol';
import { logIn, PARAMEDIC } from './support/sync';

// The demo licensee (100002, Kristin Aasen, Paramedic P-004321): her token is the one the server signed for her
// device, taken from her first pull, and her own record says what the public must never see.
test.describe('public verification', () => {
	let token = '';
	let link = '';
	let secrets: string[] = [];

	test.beforeAll(async ({ browser }) => {
		const page = await browser.newPage();
		await logIn(page, PARAMEDIC);
		const pulled = (await (await page.request.get('/api/sync/pull?cursor=0')).json()) as PullResponse;
		const license = pulled.signed?.license;
		expect(license?.credentialNumber).toBe('P-004321');
		token = license!.token;
		link = license!.verifyUrl;
		const me = pulled.rows.persons.find((p) => p.emsNumber === '100002')!;
		secrets = [me.email, me.mobilePhone, me.street, me.dateOfBirth].filter((v): v is string => typeof v === 'string' && v !== '');
		expect(secrets.length).toBeGreaterThanOrEqual(3);
		await page.close();
	});

	test('a signed link shows "Signature valid" and the current status', async ({ page }) => {
		// The link as printed: upper-case host and /V/, which lands on /verify?c=.
		await page.goto(link);
		await expect(page).toHaveURL(`/verify?c=${token}`);
		await expect(page.getByText('Signature valid')).toBeVisible();
		await expect(page.getByText('Kristin Aasen')).toBeVisible();
		await expect(page.getByRole('definition').filter({ hasText: /^Paramedic$/ })).toBeVisible();
		await expect(page.locator('.current')).toHaveText(/Current status:\s*Active/);
	});

	test('a link altered by one digit shows "Signature invalid"', async ({ page }) => {
		// A digit in the signature: the claims still read, the signature no longer matches.
		const at = token.length - 20;
		const altered = token.slice(0, at) + String((Number(token[at]) + 1) % 10) + token.slice(at + 1);
		await page.goto(`/verify?c=${altered}`);
		await expect(page.getByText('Signature invalid')).toBeVisible();
		await expect(page.getByText('Signature valid')).toHaveCount(0);
	});

	test('after one online visit, the signature is checked offline', async ({ page, context }) => {
		await page.goto(`/verify?c=${token}`);
		await expect(page.getByText('Signature valid')).toBeVisible();
		// The service worker installs on the first visit and (no clients.claim) controls pages from the next load.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
			await page.reload();
			await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
		}
		await context.setOffline(true);
		await page.goto(`/verify?c=${token}`);
		await expect(page.getByText('Signature valid')).toBeVisible();
		await expect(page.getByText('Current status unavailable offline')).toBeVisible();
		await context.setOffline(false);
	});

	test('lookup shows public fields only', async ({ page }) => {
		await page.goto('/verify');
		await page.getByLabel('License or certification number, or ND EMS #').fill('100002');
		await page.getByRole('button', { name: 'Look up' }).click();
		const results = page.getByRole('list', { name: 'Lookup results' });
		await expect(results).toContainText('Kristin Aasen');
		await expect(results).toContainText('P-004321');
		await expect(results).toContainText('Active');
		const html = await page.content();
		for (const secret of secrets) expect(html).not.toContain(secret);
	});

	test('axe finds nothing on /verify', async ({ page }) => {
		await page.goto(`/verify?c=${token}`);
		await expect(page.getByText('Signature valid')).toBeVisible();
		await expect(page.locator('.current')).toBeVisible();
		const results = await new AxeBuilder({ page }).analyze();
		expect(results.violations).toEqual([]);
		await page.goto('/verify?q=P-004321');
		await expect(page.getByRole('list', { name: 'Lookup results' })).toBeVisible();
		expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	});
});

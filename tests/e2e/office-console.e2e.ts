import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './support/sync';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const OFFICE = { emsId: 'office@example.org', password: 'Demo-Office-2026!' };

async function expectNoAxeViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);
}

test('the audit log filters by kind and person, pages on the server and exports CSV', async ({ page }) => {
	await logIn(page, OFFICE);
	await page.getByRole('link', { name: 'Audit log' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
	await page.getByLabel('Kind').selectOption({ label: 'Sign-ins and failures' });
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/kind=signin/);
	const events = page.getByRole('table', { name: 'Audit events, newest first' });
	await expect(events.getByRole('cell', { name: 'login_succeeded' }).first()).toBeVisible();
	await expectNoAxeViolations(page);

	// A bad ND EMS # is refused beside the field, and what was typed stays.
	await page.getByLabel('ND EMS #').fill('12ab');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page.getByText('ND EMS # is 4 to 8 digits.')).toBeVisible();
	await expect(page.getByLabel('ND EMS #')).toHaveValue('12ab');

	const download = page.waitForEvent('download');
	await page.getByLabel('ND EMS #').fill('');
	await page.getByRole('button', { name: 'Filter' }).click();
	await page.getByRole('link', { name: 'Download CSV' }).click();
	const file = await (await download).path();
	const { readFileSync } = await import('node:fs');
	const csv = readFileSync(file, 'utf8');
	expect(csv.split('\n')[0]).toBe('time,event,account,ems_number,agency_number,address,detail');
	expect(csv).toContain('login_succeeded');
});

test('reports draw the expiry chart (Chart.js, loaded by the reports page), and office pages work at 360 px', async ({ page }) => {
	await logIn(page, OFFICE);
	await page.getByRole('link', { name: 'Reports' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
	await expect(page.locator('canvas[data-state="drawn"]')).toBeVisible();
	await expect(page.getByRole('img', { name: /Bar chart of credentials expiring per month/ })).toBeVisible();
	await page.getByText('The numbers').click();
	await expect(page.getByTestId('expiring-table').getByRole('row')).toHaveCount(13);
	await expectNoAxeViolations(page);

	await page.setViewportSize({ width: 360, height: 740 });
	for (const path of ['/office', '/office/people?q=aasen', '/office/audit', '/office/reports']) {
		await page.goto(path);
		await expect(page.getByRole('navigation', { name: 'Office console' })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await expectNoAxeViolations(page);
	}
});

test('office staff reset their password through Forgot Password by email alone', async ({ page }) => {
	await page.goto('/login');
	await page.getByRole('link', { name: 'Forgot Password' }).click();
	await page.getByRole('link', { name: 'State EMS office staff: reset by email' }).click();
	await expect(page.getByLabel('ND EMS #')).toHaveCount(0);
	await expectNoAxeViolations(page);
	await page.getByLabel('Email address').fill('office@example.org');
	await page.getByRole('button', { name: 'Send Code' }).click();
	await expect(page.getByRole('heading', { name: 'Enter Your Code' })).toBeVisible();
	const { codeSentTo } = await import('./support/messages');
	const code = await codeSentTo('office@example.org');
	expect(code).toMatch(/^\d{6}$/);
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './support/sync';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const OFFICE = { emsId: 'office@example.org', password: 'Demo-Office-2026!' };

async function expectNoAxeViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);
}

const longToday = () => new Date().toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

test('suspending a license makes its QR link show the suspension; restoring it shows it valid again', async ({ page, context }) => {
	await logIn(page, OFFICE);
	await page.getByRole('link', { name: 'People and agencies' }).click();
	await page.getByLabel('Find a person or agency').fill('EMT-012345');
	await page.getByRole('button', { name: 'Search' }).click();
	const hit = page.getByRole('table', { name: /People matching/ }).getByRole('link');
	await expect(hit).toHaveCount(1);
	await expectNoAxeViolations(page);
	await hit.click();
	await expect(page.getByText('ND EMS # 100001')).toBeVisible();
	await expectNoAxeViolations(page);

	const license = page.getByRole('region', { name: /EMT-012345/ });
	// A reason is required.
	await license.getByRole('button', { name: 'Suspend' }).click();
	await expect(license.getByText('Give the reason')).toBeVisible();
	await license.getByLabel('Reason').fill('Complaint under review');
	await license.getByRole('button', { name: 'Suspend' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'EMT-012345 is suspended.' })).toBeVisible();
	await expect(license.getByTestId('credential-status')).toContainText('suspended');

	// The re-signed license's QR link, as a scanner opens it.
	const link = await page.getByRole('link', { name: 'Open its verification link' }).getAttribute('href');
	const scanner = await context.newPage();
	await scanner.goto(link!.replace(/^HTTPS:\/\/[^/]+/i, ''));
	await expect(scanner.locator('.status')).toContainText(`Current status: Suspended on ${longToday()}`);

	await license.getByRole('button', { name: 'Restore' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'EMT-012345 is restored.' })).toBeVisible();
	await scanner.reload();
	await expect(scanner.locator('.status')).toContainText('Current status: Active');
});

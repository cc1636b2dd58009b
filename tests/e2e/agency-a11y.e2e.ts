import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { logIn, syncStatus } from './support/sync';

/** The agency pages for axe (WCAG 2.2 AA), at 360 px, and by keyboard alone. */
const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function axeClean(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function openAgency(page: Page): Promise<string> {
	await logIn(page, LEADER);
	await expect(syncStatus(page)).toContainText('Last synced');
	await page.getByRole('link', { name: /^Agency page/ }).first().click();
	await expect(page.getByRole('heading', { level: 2, name: 'Personnel roster' })).toBeVisible();
	return new URL(page.url()).pathname;
}

test('axe finds nothing on the agency page, with its panels open, and on the contact form', async ({ page }) => {
	const path = await openAgency(page);
	await axeClean(page);
	await page.getByText('Add a member').click();
	await page.getByRole('button', { name: /^Manage / }).first().click();
	await page.getByRole('button', { name: 'Add a vehicle' }).click();
	await page.getByRole('button', { name: 'Add vehicle' }).click(); // every field answers with its message
	await page.getByText(/^Former members/).click();
	await axeClean(page);
	await page.goto(`${path}/contact`);
	await expect(page.getByRole('heading', { level: 1, name: 'Agency contact information' })).toBeVisible();
	await page.getByLabel('Agency phone').fill('12');
	await page.getByRole('button', { name: 'Save contact information' }).click();
	await expect(page.getByText('Agency phone: enter a 10-digit US phone number')).toBeVisible();
	await expect(page.getByLabel('Agency phone')).toHaveValue('12');
	await axeClean(page);
});

test('the roster is usable at 360 px and by keyboard', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 780 });
	await openAgency(page);
	// Nothing wider than the screen.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await page.getByTestId('roster-viewport').scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'test-results/agency-roster-360.png' });

	// Keyboard: reach a member's Manage button by Tab and open the panel with Enter; focus lands on the panel.
	await page.getByLabel('Search by name or ND EMS #').focus();
	let reached = false;
	for (let i = 0; i < 12 && !reached; i++) {
		await page.keyboard.press('Tab');
		reached = await page.evaluate(() => document.activeElement?.textContent?.trim().startsWith('Manage') ?? false);
	}
	expect(reached).toBe(true);
	await page.keyboard.press('Enter');
	await expect(page.locator('#member-panel-heading')).toBeFocused();
	await expect(page.getByRole('button', { name: 'End affiliation' })).toBeVisible();
});

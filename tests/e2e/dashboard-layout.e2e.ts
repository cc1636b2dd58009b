import { expect, test } from '@playwright/test';
import { chooseSections, openDashboard, openEdit } from './support/edit';
import { logIn } from './support/sync';

// Screenshots land in test-results/screens for a person to look at; the test checks nothing scrolls sideways.
for (const width of [360, 1280]) {
	test(`the dashboard and Edit fit ${width} px without sideways scrolling`, async ({ page }) => {
		await page.setViewportSize({ width, height: 900 });
		await logIn(page);
		await openDashboard(page);
		const fits = () => page.evaluate(() => document.documentElement.scrollWidth);
		expect(await fits()).toBeLessThanOrEqual(width);
		await page.screenshot({ path: `test-results/screens/dashboard-${width}.png`, fullPage: true });

		await openEdit(page);
		await chooseSections(page, { name: 'Yes', contact: 'Yes' });
		await page.getByLabel('ZIP code').fill('123');
		await page.getByRole('button', { name: 'Submit & Continue' }).click();
		await expect(page.getByLabel('ZIP code')).toHaveAttribute('aria-invalid', 'true');
		expect(await fits()).toBeLessThanOrEqual(width);
		await page.screenshot({ path: `test-results/screens/edit-${width}.png`, fullPage: true });
	});
}

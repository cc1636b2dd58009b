import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Pages axe checks; later issues add theirs here. */
const pages = [
	{ path: '/', heading: 'EMS Registry' },
	{ path: '/dev/outbox', heading: 'Development outbox' }
];

for (const { path, heading } of pages) {
	test(`${path} has no WCAG 2.2 AA violations axe can find`, async ({ page }) => {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
		expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);
	});
}

test('the header stays accessible while offline and offering installation', async ({ page, context }) => {
	await page.goto('/');
	await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration()) !== undefined);
	await context.setOffline(true);
	// The app takes the offer by calling preventDefault(), so dispatchEvent answers false once its listener is
	// there; until the layout has mounted, nobody listens and the offer would be lost (a run of CI saw that).
	await expect
		.poll(() =>
			page.evaluate(() =>
				dispatchEvent(
					Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
						prompt: async () => {},
						userChoice: Promise.resolve({ outcome: 'dismissed' })
					})
				)
			)
		)
		.toBe(false);
	await expect(page.getByRole('button', { name: 'Install app' })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).include('header').analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);
});

test('the first Tab reaches "Skip to content", which moves focus to the main content', async ({ page }) => {
	await page.goto('/');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeVisible();

	await page.keyboard.press('Enter');
	await expect(page.getByRole('main')).toBeFocused();
	// The next Tab continues inside main, not back at the header.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Licensee Dashboard' })).toBeFocused();
});

import { expect, test } from '@playwright/test';

// On a slow phone people start typing into the server-rendered form before the JavaScript has hydrated it;
// hydration must not wipe what they typed.
for (const { path, fields } of [
	{ path: '/login', fields: [['EMS ID', '100002']] },
	{ path: '/forgot-password', fields: [['Email address', 'medic@example.org'], ['ND EMS #', '100002']] },
	{ path: '/verify', fields: [['License or certification number, or ND EMS #', '100002']] }
]) {
	test(`${path} keeps what was typed before the page hydrated`, async ({ page }) => {
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/entry/app.*.js', async (route) => {
			await held;
			await route.continue();
		});
		await page.goto(path, { waitUntil: 'domcontentloaded' });
		for (const [label, value] of fields) await page.getByLabel(label!, { exact: true }).fill(value!);
		release();
		// The held entry now loads and hydrates the page; give its mount effects a moment after the network settles.
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(300);
		for (const [label, value] of fields) await expect(page.getByLabel(label!, { exact: true })).toHaveValue(value!);
	});
}

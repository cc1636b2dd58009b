import { expect, test } from '@playwright/test';

// Issue 16, item 3: the page side of the service worker is workbox-window, and it arrives after the page has
// loaded, so the first render does not wait for it.
test('workbox-window registers the worker, fetched only after the page has loaded', async ({ page }) => {
	await page.goto('/');
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	const timing = await page.evaluate(async () => {
		const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		const scripts = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js'));
		const found = [];
		for (const entry of scripts) {
			const text = await (await fetch(entry.name)).text();
			if (text.includes('workbox:window')) found.push(entry.startTime);
		}
		return { loadEnd: navigation.loadEventEnd, workboxWindowAt: found };
	});
	expect(timing.workboxWindowAt).toHaveLength(1);
	expect(timing.workboxWindowAt[0]).toBeGreaterThanOrEqual(timing.loadEnd);
	expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL)).toMatch(/\/sw\.js$/);
});

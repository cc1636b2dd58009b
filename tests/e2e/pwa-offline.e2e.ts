import { expect, test } from '@playwright/test';
import { waitForServiceWorkerControl } from './support/service-worker';

const connection = (page: import('@playwright/test').Page) => page.getByRole('status').filter({ hasText: /line$/ });

test('the home page reloads offline from the service worker and the indicator follows the connection', async ({
	page,
	context
}) => {
	await page.goto('/');
	await waitForServiceWorkerControl(page);
	await expect(connection(page)).toHaveText('Online');

	await context.setOffline(true);
	const response = await page.reload();
	expect(response?.fromServiceWorker()).toBe(true);
	await expect(page.getByRole('heading', { level: 1, name: 'EMS Registry' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Licensee Dashboard' })).toBeVisible();
	await expect(connection(page)).toHaveText('Offline');

	await context.setOffline(false);
	await expect(connection(page)).toHaveText('Online');
});

/**
 * Routes that must open offline on a device that has never visited them: the worker answers with the
 * prerendered shell and the client router renders the page. Later issues add their routes here.
 */
const routesNotYetVisited = [{ path: '/', heading: 'EMS Registry' }];

for (const route of routesNotYetVisited) {
	test(`${route.path} opens offline through the shell without having been visited`, async ({ page, context }) => {
		// Enter through the shell itself so the route under test has never been fetched from the server.
		await page.goto('/shell');
		await waitForServiceWorkerControl(page);

		await context.setOffline(true);
		const response = await page.goto(route.path);
		expect(response?.fromServiceWorker()).toBe(true);
		await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
		await expect(connection(page)).toHaveText('Offline');
	});
}

import { expect, test, type Page, type Route } from '@playwright/test';
import { waitForServiceWorkerControl } from './support/service-worker';
import { PARAMEDIC, syncStatus } from './support/sync';

// Issue 16, item 4 (decision 044): the dashboard's first screen is drawn without Dexie — on a new device from the
// first pull page (rendered on the server on a first visit; the sync engine then stores that page without asking
// again), on a returning one from the copy of the record kept beside the device database — and Dexie with the
// sync engine loads after it.

const SNAPSHOT_KEY = 'ems-registry:record-snapshot';
// A string only Dexie's own code holds: how the held-back chunk is recognised whatever its hashed name.
const DEXIE_MARK = 'Database version changed by other database connection';

/** Signs in with one form post, as a new device would before its first page (no page loaded yet). */
async function signInWithoutAPage(page: Page): Promise<void> {
	const response = await page.request.post('/login', {
		form: { identifier: PARAMEDIC.emsId, password: PARAMEDIC.password },
		headers: { origin: new URL(test.info().project.use.baseURL!).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
}

/**
 * Holds Dexie's chunk back for a few seconds; `arrived()` tells whether the page has it yet. `release()` takes the
 * route away before the page navigates on: a handler still reading a chunk's body when the page leaves (sign-out)
 * would otherwise fail the test with "Response has been disposed".
 */
async function holdDexieBack(page: Page): Promise<{ arrived: () => boolean; release: () => Promise<void> }> {
	let arrived = false;
	await page.route('**/_app/immutable/**/*.js', async (route: Route) => {
		const response = await route.fetch();
		const body = await response.body();
		if (body.includes(DEXIE_MARK)) {
			await new Promise((done) => setTimeout(done, 4_000));
			arrived = true;
		}
		await route.fulfill({ response, body });
	});
	return { arrived: () => arrived, release: () => page.unrouteAll({ behavior: 'ignoreErrors' }) };
}

const nameShown = (page: Page) => page.getByText(`ND EMS # ${PARAMEDIC.emsId}`);

test.describe('with the service worker out of the way', () => {
	test.use({ serviceWorkers: 'block' });

	test('a new device gets its record in the first HTML and hydrates it before Dexie loads; the engine stores that page', async ({ page }) => {
		await signInWithoutAPage(page);
		// A first visit has no service worker yet: the server renders the first screen from the first pull page.
		const html = await (await page.request.get('/dashboard')).text();
		expect(html).toContain(`ND EMS # ${PARAMEDIC.emsId}`);

		const firstPulls: string[] = [];
		page.on('request', (request) => {
			if (/\/api\/sync\/pull\?cursor=0(&|$)/.test(request.url())) firstPulls.push(request.url());
		});
		const dexie = await holdDexieBack(page);
		await page.goto('/dashboard');
		await expect(nameShown(page)).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Your agencies' })).toBeVisible();
		expect(dexie.arrived()).toBe(false);

		await expect(syncStatus(page)).toContainText('All changes saved', { timeout: 15_000 });
		expect(dexie.arrived()).toBe(true);
		await dexie.release();
		// The page came with the HTML and the engine stored it: the browser never asked for it.
		expect(firstPulls).toHaveLength(0);
		await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) ?? '', SNAPSHOT_KEY)).toContain(`"emsNumber":"${PARAMEDIC.emsId}"`);
	});

	test('a returning device draws the kept copy before Dexie loads, and signing out deletes the copy', async ({ page }) => {
		await signInWithoutAPage(page);
		await page.goto('/dashboard');
		await expect(syncStatus(page)).toContainText('All changes saved', { timeout: 15_000 });
		await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) !== null, SNAPSHOT_KEY)).toBe(true);

		const dexie = await holdDexieBack(page);
		await page.reload();
		await expect(nameShown(page)).toBeVisible();
		expect(dexie.arrived()).toBe(false);
		await expect(syncStatus(page)).toContainText('All changes saved', { timeout: 15_000 });
		await dexie.release();

		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.waitForURL((url) => url.pathname !== '/dashboard');
		expect(await page.evaluate((key) => localStorage.getItem(key), SNAPSHOT_KEY)).toBeNull();
	});
});

test('signed in again on a device the service worker serves: the first pull draws the screen once, and the record opens offline', async ({ page, context }) => {
	await signInWithoutAPage(page);
	await page.goto('/dashboard');
	await expect(syncStatus(page)).toContainText('All changes saved', { timeout: 15_000 });
	await waitForServiceWorkerControl(page);
	// Signing out wipes the device; signing in again makes it a new device that the worker's shell now answers.
	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL((url) => url.pathname !== '/dashboard');
	await signInWithoutAPage(page);

	const firstPulls: string[] = [];
	page.on('request', (request) => {
		if (/\/api\/sync\/pull\?cursor=0(&|$)/.test(request.url())) firstPulls.push(request.url());
	});
	expect((await page.goto('/dashboard'))?.fromServiceWorker()).toBe(true);
	await expect(nameShown(page)).toBeVisible();
	// "Last synced" appears once the first sync stored its pull (the device was wiped at sign-out); "All changes
	// saved" alone says only that nothing waits to be sent, and the offline reload below needs the stored record.
	await expect(syncStatus(page)).toContainText('All changes saved', { timeout: 15_000 });
	await expect(syncStatus(page)).toContainText('Last synced', { timeout: 15_000 });
	expect(firstPulls).toHaveLength(1);

	// Only Dexie, not the kept copy: the offline page must come from the device database.
	await page.evaluate((key) => localStorage.removeItem(key), SNAPSHOT_KEY);
	await context.setOffline(true);
	await page.reload();
	await expect(nameShown(page)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Your agencies' })).toBeVisible();
	await context.setOffline(false);
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { editContact, openDashboard, outboxCount } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, openSyncPage, serverPerson, syncStatus, uniquePhone } from './support/sync';

const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };

/** Rows of a device table, read from IndexedDB in the page. */
function deviceRows(page: Page, table: string): Promise<number> {
	return page.evaluate(
		(store) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('ems-registry');
				open.onsuccess = () => {
					const count = open.result.transaction(store).objectStore(store).count();
					count.onsuccess = () => {
						open.result.close();
						resolve(count.result);
					};
					count.onerror = () => reject(count.error);
				};
				open.onerror = () => reject(open.error);
			}),
		table
	);
}

/** Web Locks of this origin: whether the sync lock is held, and how many wait for it. */
const syncLock = (page: Page) =>
	page.evaluate(async () => {
		const { held = [], pending = [] } = await navigator.locks.query();
		return { held: held.filter((l) => l.name === 'ems-registry-sync').length, waiting: pending.filter((l) => l.name === 'ems-registry-sync').length };
	});

test('a tab that syncs while another signs out writes none of the person’s data back', async ({ context, page }) => {
	await logIn(page);
	await openDashboard(page);
	const other = await context.newPage();
	await openSyncPage(other);

	// The server is slow to end the session: the first sign-out request is held until the other tab has had its go.
	let release!: () => void;
	const slow = new Promise<void>((resolve) => (release = resolve));
	let signOutSeen = false;
	await context.route('**/logout', async (route) => {
		if (signOutSeen) return route.continue();
		signOutSeen = true;
		await slow;
		await route.continue();
	});
	let pullsAnswered = 0;
	await context.route('**/api/sync/pull**', async (route) => {
		await route.fulfill({ response: await route.fetch() });
		pullsAnswered++;
	});

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect.poll(() => signOutSeen).toBe(true);
	const answeredBefore = pullsAnswered;
	await other.getByRole('button', { name: 'Sync now' }).click();
	// The other tab has either synced (and written whatever it pulled) or waits for the sign-out to finish.
	await expect
		.poll(async () => {
			const lock = await syncLock(other);
			return (pullsAnswered > answeredBefore && lock.held === 0) || lock.waiting > 0;
		})
		.toBe(true);
	release();
	await page.waitForURL('**/login');
	await expect.poll(() => syncLock(other)).toEqual({ held: 0, waiting: 0 });
	expect(await deviceRows(page, 'persons')).toBe(0);
	expect(await deviceRows(page, 'credentials')).toBe(0);
});

test('a change queued by one person waits for them when someone else signs in on the same browser', async ({ context, page }) => {
	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);
	await openDashboard(page);
	const phone = uniquePhone();
	const before = serverPerson('100002').mobile_phone;
	await context.setOffline(true);
	await editContact(page, { 'Mobile phone': phone.typed });
	expect(await outboxCount(page)).toBe(1);

	// The session ends without signing out; another person signs in on this browser.
	await context.clearCookies();
	await context.setOffline(false);
	await logIn(page, LEADER);
	await openSyncPage(page);
	expect(await outboxCount(page)).toBe(1);
	expect(serverPerson('100002').mobile_phone).toBe(before);
	await expect(page.getByText('ND EMS # 100002')).toHaveCount(0);
	await expect(page.getByRole('region', { name: 'Waiting to sync' })).toHaveCount(0);
	await expect(page.getByText('1 change made by someone else who used this device waits here')).toBeVisible();
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);

	// Signing out keeps it (it is not this person's to delete); its owner signs in and it is sent.
	await openDashboard(page, LEADER.emsId);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL('**/login');
	expect(await outboxCount(page)).toBe(1);
	await logIn(page);
	await openDashboard(page);
	await expect(syncStatus(page)).toContainText('All changes saved');
	expect(await outboxCount(page)).toBe(0);
	expect(serverPerson('100002').mobile_phone).toBe(phone.stored);
});

import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { logIn, openSyncPage, serverDatabase } from './support/sync';

/**
 * A squad leader's device holds a member's contact details only while the membership is current; when it ends,
 * the pull says so and the device drops them (decision 021). Reads the e2e server's SQLite database.
 */
const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };
const today = new Date().toISOString().slice(0, 10);

type Person = { emsNumber: string; lastName: string; email: string | null; mobilePhone: string | null; city: string | null } | undefined;

/** A person row as the device stores it (IndexedDB `ems-registry`, table persons). */
function devicePerson(page: Page, emsNumber: string): Promise<Person> {
	return page.evaluate(
		(ems) =>
			new Promise<Person>((done, fail) => {
				const open = indexedDB.open('ems-registry');
				open.onerror = () => fail(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction('persons', 'readonly').objectStore('persons').get(ems);
					get.onsuccess = () => (open.result.close(), done(get.result as Person));
					get.onerror = () => fail(get.error);
				};
			}),
		emsNumber
	);
}

/** Members of the leader's agencies: one current (and current nowhere else the leader leads), one former. */
function rosterOfLeader(): { current: string; former: string; affiliationId: string } {
	const db = serverDatabase();
	try {
		const led = `select agency_number from affiliations where ems_number = '${LEADER.emsId}' and role = 'squad_leader' and deleted_at is null and (ended_on is null or ended_on >= '${today}')`;
		const currentIn = `(ended_on is null or ended_on >= '${today}')`;
		const current = db
			.prepare(
				`select ems_number, id from affiliations a where agency_number in (${led}) and deleted_at is null and ${currentIn} and ems_number <> ?
				 and (select count(*) from affiliations b where b.ems_number = a.ems_number and b.agency_number in (${led}) and b.deleted_at is null and ${currentIn}) = 1
				 order by ems_number limit 1`
			)
			.get(LEADER.emsId) as { ems_number: string; id: string };
		const former = db
			.prepare(
				`select ems_number from affiliations a where agency_number in (${led}) and deleted_at is null and ended_on < '${today}' and ems_number <> ?
				 and not exists (select 1 from affiliations b where b.ems_number = a.ems_number and b.agency_number in (${led}) and b.deleted_at is null and ${currentIn})
				 order by ems_number limit 1`
			)
			.get(LEADER.emsId) as { ems_number: string } | undefined;
		if (!former) throw new Error('the demo data has no former member of the leader’s agency');
		return { current: current.ems_number, former: former.ems_number, affiliationId: current.id };
	} finally {
		db.close();
	}
}

/** Ends a membership on the server as of yesterday, as the office or a leader's push would (a new revision). */
function endMembership(affiliationId: string): void {
	const db = new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
		db.transaction(() => {
			const { value } = db.prepare(`update counters set value = value + 1 where name = 'revision' returning value`).get() as { value: number };
			db.prepare('update affiliations set ended_on = ?, revision = ?, updated_at = ? where id = ?').run(yesterday, value, new Date().toISOString(), affiliationId);
		})();
	} finally {
		db.close();
	}
}

test('a squad leader’s device keeps a former member by name only, and drops a member’s details when the membership ends', async ({ page }) => {
	const { current, former, affiliationId } = rosterOfLeader();
	await logIn(page, LEADER);
	await openSyncPage(page);

	expect(await devicePerson(page, former)).toMatchObject({ lastName: expect.any(String), email: null, mobilePhone: null, city: null });
	expect(await devicePerson(page, current)).toMatchObject({ email: expect.stringContaining('@'), city: expect.any(String) });

	// The device tells the server the day of its last answer, so an end date passing later still reaches it.
	const nextPull = page.waitForRequest((r) => r.url().includes('/api/sync/pull'));
	await page.getByRole('button', { name: 'Sync now' }).click();
	expect(new URL((await nextPull).url()).searchParams.get('since')).toBe(today);

	endMembership(affiliationId);
	await page.getByRole('button', { name: 'Sync now' }).click();
	await expect.poll(async () => (await devicePerson(page, current))?.email ?? null).toBeNull();
	expect(await devicePerson(page, current)).toMatchObject({ lastName: expect.any(String), mobilePhone: null, city: null });
});

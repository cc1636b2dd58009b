import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/lib/domain/sync-protocol';
import type { SessionUser } from '../../src/lib/domain/session-user';
import { push } from '../../src/lib/server/sync/push';
import { currentRevision, pull } from '../../src/lib/server/sync/pull';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, office, seedAffiliation, seedAgency, seedCredential, seedPerson, seedVehicle } from '../support/sync-seed';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

/** Pulls page after page from `cursor` until the server says there is no more. */
async function pullAll(user: SessionUser, cursor: number, limit: number) {
	const pages: PullResponse[] = [];
	for (;;) {
		const page = await pull(t.db, user, cursor, limit);
		expect(page.cursor).toBeGreaterThanOrEqual(cursor);
		pages.push(page);
		cursor = page.cursor;
		if (!page.more) break;
		expect(pages.length).toBeLessThan(1000);
	}
	return { pages, cursor };
}

const keys = (pages: PullResponse[], table: keyof PullResponse['rows'], key: string) =>
	pages.flatMap((p) => p.rows[table].map((r) => String(r[key])));

describe('pull', () => {
	it('pages through a squad leader’s roster by cursor, every row once, and nothing after the last page', async () => {
		const agency = await seedAgency(t.db, 'A8001');
		const leaderEms = '300000';
		await seedPerson(t.db, leaderEms);
		await seedAffiliation(t.db, leaderEms, agency.number, 'squad_leader');
		const members: string[] = [];
		for (let i = 1; i <= 37; i++) {
			const ems = String(300000 + i);
			members.push(ems);
			await seedPerson(t.db, ems);
			await seedAffiliation(t.db, ems, agency.number);
		}
		for (let i = 1; i <= 9; i++) await seedVehicle(t.db, agency.number, 800 + i);
		const leader = licensee(leaderEms, [agency.number]);

		const { pages, cursor } = await pullAll(leader, 0, 10);
		expect(pages.length).toBeGreaterThan(5);
		for (const p of pages.slice(0, -1)) {
			const count = Object.values(p.rows).reduce((n, rows) => n + rows.length, 0);
			expect(count).toBeGreaterThanOrEqual(10);
		}
		const persons = keys(pages, 'persons', 'emsNumber');
		expect(new Set(persons)).toEqual(new Set([leaderEms, ...members]));
		expect(persons.length).toBe(38);
		expect(keys(pages, 'affiliations', 'id').length).toBe(38);
		expect(keys(pages, 'vehicles', 'id').length).toBe(9);
		expect(keys(pages, 'agencies', 'number')).toEqual([agency.number]);
		expect(cursor).toBe(await currentRevision(t.db));

		const again = await pull(t.db, leader, cursor, 10);
		expect(Object.values(again.rows).flat()).toEqual([]);
		expect(again).toMatchObject({ cursor, more: false });

		// A change after the cursor comes back alone.
		const vehicle = pages.flatMap((p) => p.rows.vehicles)[0]!;
		await push(t.db, leader, {
			clientId: crypto.randomUUID(),
			mutations: [{ seq: 1, table: 'vehicles', id: String(vehicle.id), op: 'update', baseRevision: vehicle.revision, changes: { status: 'out_of_service', outOfServiceOn: '2026-11-30', outOfServiceReason: 'Brakes' } }]
		});
		const next = await pull(t.db, leader, cursor, 10);
		expect(next.rows.vehicles).toEqual([expect.objectContaining({ id: vehicle.id, status: 'out_of_service' })]);
		expect(Object.values(next.rows).flat()).toHaveLength(1);
		expect(next.cursor).toBeGreaterThan(cursor);
	});

	it('never splits rows that share a revision across pages', async () => {
		const agency = await seedAgency(t.db, 'A8002');
		const rev = (await currentRevision(t.db)) + 1;
		await t.db.updateTable('counters').set({ value: rev }).where('name', '=', 'revision').execute();
		for (let i = 0; i < 7; i++) await seedVehicle(t.db, agency.number, 900 + i, { revision: rev });
		const leader = licensee('310000', [agency.number]);
		const { pages } = await pullAll(leader, rev - 1, 3);
		expect(pages[0]!.rows.vehicles).toHaveLength(7);
		expect(keys(pages, 'vehicles', 'id')).toHaveLength(7);
	});

	it('sends soft deletes', async () => {
		const agency = await seedAgency(t.db, 'A8003');
		const v = await seedVehicle(t.db, agency.number, 950);
		const leader = licensee('320000', [agency.number]);
		const { cursor } = await pullAll(leader, 0, 100);
		const r = await push(t.db, office, {
			clientId: crypto.randomUUID(),
			mutations: [{ seq: 1, table: 'vehicles', id: v.id, op: 'delete', baseRevision: v.revision, changes: {} }]
		});
		expect(r.results[0]!.status).toBe('applied');
		const page = await pull(t.db, leader, cursor, 100);
		expect(page.rows.vehicles).toEqual([expect.objectContaining({ id: v.id, deletedAt: expect.any(String) })]);
	});

	it('shows a licensee only their own record, and a squad leader members without date of birth', async () => {
		const agency = await seedAgency(t.db, 'A8004');
		const other = await seedAgency(t.db, 'A8005');
		const me = '330001';
		const colleague = '330002';
		const stranger = '330003';
		for (const ems of [me, colleague, stranger]) {
			await seedPerson(t.db, ems);
			await seedCredential(t.db, ems);
		}
		await seedAffiliation(t.db, me, agency.number);
		await seedAffiliation(t.db, colleague, agency.number);
		await seedAffiliation(t.db, stranger, other.number);
		await seedVehicle(t.db, agency.number, 960);

		const { pages } = await pullAll(licensee(me), 0, 1000);
		const rows = (table: keyof PullResponse['rows']) => pages.flatMap((p) => p.rows[table]);
		expect(rows('persons').map((p) => p.emsNumber)).toEqual([me]);
		expect(rows('persons')[0]).toHaveProperty('dateOfBirth');
		expect(rows('persons')[0]).not.toHaveProperty('fieldRevisions');
		expect(new Set(rows('credentials').map((c) => c.emsNumber))).toEqual(new Set([me]));
		expect(new Set(rows('affiliations').map((a) => a.emsNumber))).toEqual(new Set([me]));
		expect(rows('agencies').map((a) => a.number)).toEqual([agency.number]);
		expect(rows('vehicles')).toEqual([]);

		const leaderView = await pullAll(licensee(me, [agency.number]), 0, 1000);
		const persons = leaderView.pages.flatMap((p) => p.rows.persons);
		expect(new Set(persons.map((p) => p.emsNumber))).toEqual(new Set([me, colleague]));
		expect(persons.find((p) => p.emsNumber === colleague)).not.toHaveProperty('dateOfBirth');
		// Members' credentials too (issue 10: the roster shows level, number, expiration and status).
		expect(new Set(leaderView.pages.flatMap((p) => p.rows.credentials).map((c) => c.emsNumber))).toEqual(new Set([me, colleague]));
		expect(leaderView.pages[0]!.scope).not.toBe(pages[0]!.scope);

		const officeView = await pullAll(office, 0, 1000);
		expect(officeView.pages.flatMap((p) => Object.values(p.rows).flat())).toEqual([]);
	});

	it('sends an existing person when they join the leader’s agency, and the agency to a new member', async () => {
		const agency = await seedAgency(t.db, 'A8006');
		const newcomer = await seedPerson(t.db, '340001');
		const leader = licensee('340000', [agency.number]);
		const { cursor } = await pullAll(leader, 0, 1000);
		const mine = await pullAll(licensee(newcomer.emsNumber), 0, 1000);
		expect(mine.pages.flatMap((p) => p.rows.agencies)).toEqual([]);

		await seedAffiliation(t.db, newcomer.emsNumber, agency.number);
		const page = await pull(t.db, leader, cursor, 1000);
		expect(page.rows.persons.map((p) => p.emsNumber)).toEqual([newcomer.emsNumber]);
		const theirs = await pull(t.db, licensee(newcomer.emsNumber), mine.cursor, 1000);
		expect(theirs.rows.agencies.map((a) => a.number)).toEqual([agency.number]);
	});

	it.skipIf(!process.env.TEST_DATABASE_URL)('never moves the cursor past a change still being written (PostgreSQL)', async () => {
		const agency = await seedAgency(t.db, 'A8007');
		const leader = licensee('350000', [agency.number]);
		const { cursor } = await pullAll(leader, 0, 1000);
		let release!: () => void;
		const held = new Promise<void>((r) => (release = r));
		let allocated!: () => void;
		const hasRevision = new Promise<void>((r) => (allocated = r));
		// A slow writer takes a revision and holds its transaction open.
		const slow = t.db.transaction().execute(async (trx) => {
			await seedVehicle(trx, agency.number, 970);
			allocated();
			await held;
		});
		await hasRevision;
		// A second writer must wait for the counter row, so it cannot commit a higher revision first.
		const fast = seedVehicle(t.db, agency.number, 971);
		await new Promise((r) => setTimeout(r, 200));
		const during = await pull(t.db, leader, cursor, 1000);
		expect(during.rows.vehicles).toEqual([]);
		expect(during.cursor).toBe(cursor);
		release();
		await slow;
		await fast;
		const after = await pull(t.db, leader, during.cursor, 1000);
		expect(after.rows.vehicles.map((v) => v.unitNumber).sort()).toEqual(['Medic 970', 'Medic 971']);
	});
});

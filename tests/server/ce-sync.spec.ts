import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/lib/domain/sync-protocol';
import type { SessionUser } from '../../src/lib/domain/session-user';
import { push } from '../../src/lib/server/sync/push';
import { pull } from '../../src/lib/server/sync/pull';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, office, seedAffiliation, seedAgency, seedPerson } from '../support/sync-seed';

/** CE entries sync like every record: validated and authorised in apply.ts, pulled only by their owner. */
let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

let ems = 310000;
const nextEms = () => String(++ems);
const quiet = { now: () => new Date().toISOString() };

function entryFields(owner: string, over: Record<string, unknown> = {}) {
	return {
		emsNumber: owner,
		title: 'Pediatric airway management',
		provider: 'Sanford Health',
		completedOn: '2026-01-15',
		hours: 2.5,
		format: 'F1',
		component: 'national',
		topic: 'airway',
		pediatric: true,
		courseNumber: '24-SAN-118',
		...over
	};
}

/** One device per account, numbering its mutations. */
const devices = new Map<string, { clientId: string; seq: number }>();
async function send(user: SessionUser, mutation: Omit<Mutation, 'seq'>): Promise<MutationResult> {
	const device = devices.get(user.accountId) ?? { clientId: crypto.randomUUID(), seq: 0 };
	devices.set(user.accountId, device);
	const seq = ++device.seq;
	const response = await push(t.db, user, { clientId: device.clientId, mutations: [{ ...mutation, seq }] }, quiet);
	return response.results[0]!;
}
const insert = (user: SessionUser, id: string, changes: Record<string, unknown>) => send(user, { table: 'ceEntries', id, op: 'insert', baseRevision: null, changes: { ...changes, id } });

async function pulledEntries(user: SessionUser) {
	const page = await pull(t.db, user, 0, 1000);
	return page.rows.ceEntries;
}

describe('CE entries through push and pull', () => {
	it('a licensee adds an entry; it is stored normalized and only they pull it', async () => {
		const owner = nextEms();
		const other = nextEms();
		const leader = nextEms();
		await seedPerson(t.db, owner);
		await seedPerson(t.db, other);
		await seedPerson(t.db, leader);
		const agency = await seedAgency(t.db, 'A9301');
		await seedAffiliation(t.db, owner, agency.number);
		await seedAffiliation(t.db, leader, agency.number, 'squad_leader');

		const id = crypto.randomUUID();
		const result = await insert(licensee(owner), id, entryFields(owner, { courseNumber: '  24-SAN-118 ' }));
		expect(result.status).toBe('applied');
		const row = await t.db.selectFrom('ceEntries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ emsNumber: owner, hours: 2.5, pediatric: 1, courseNumber: '24-SAN-118', component: 'national', topic: 'airway', deletedAt: null });

		const mine = await pulledEntries(licensee(owner));
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({ id, title: 'Pediatric airway management', hours: 2.5, pediatric: 1, certificate: null, deletedAt: null });
		expect(await pulledEntries(licensee(other))).toEqual([]);
		// A squad leader of the owner's agency sees the member's contact details, never their CE.
		expect(await pulledEntries(licensee(leader, [agency.number]))).toEqual([]);
		expect(await pulledEntries(office)).toEqual([]);
	});

	it('refuses bad input with the field’s message: hours, steps, future dates, a national entry without topic', async () => {
		const owner = nextEms();
		await seedPerson(t.db, owner);
		const user = licensee(owner);
		const cases: [Record<string, unknown>, string, string][] = [
			[{ hours: 0 }, 'hours', 'Hours must be more than 0.'],
			[{ hours: -1 }, 'hours', 'Hours must be more than 0.'],
			[{ hours: 24.25 }, 'hours', 'One entry can have at most 24 hours; log a longer course as several days.'],
			[{ hours: 1.1 }, 'hours', 'Hours go in steps of a quarter hour: 0.25, 0.5, 0.75, 1 …'],
			[{ completedOn: '2999-01-01' }, 'completedOn', 'Date completed cannot be in the future.'],
			[{ completedOn: '2026-02-30' }, 'completedOn', 'Date completed: that date does not exist.'],
			[{ topic: null }, 'topic', 'A National entry needs its topic.'],
			[{ format: 'F9' }, 'format', 'Choose the CAPCE format.'],
			[{ title: '  ' }, 'title', 'Course title is required.']
		];
		for (const [over, field, message] of cases) {
			const result = await insert(user, crypto.randomUUID(), entryFields(owner, over));
			expect(result.status, JSON.stringify(over)).toBe('rejected');
			if (result.status !== 'rejected') continue;
			expect(result.errors?.[field], JSON.stringify(over)).toBe(message);
		}
		expect(await pulledEntries(user)).toEqual([]);
	});

	it('24 hours and a quarter hour are accepted; a local entry needs no topic', async () => {
		const owner = nextEms();
		await seedPerson(t.db, owner);
		expect((await insert(licensee(owner), crypto.randomUUID(), entryFields(owner, { hours: 24 }))).status).toBe('applied');
		expect((await insert(licensee(owner), crypto.randomUUID(), entryFields(owner, { hours: 0.25, component: 'local', topic: null }))).status).toBe('applied');
	});

	it('nobody adds, changes or deletes another licensee’s entries; the office may', async () => {
		const owner = nextEms();
		const other = nextEms();
		await seedPerson(t.db, owner);
		await seedPerson(t.db, other);
		const id = crypto.randomUUID();
		await insert(licensee(owner), id, entryFields(owner));
		const rev = Number((await t.db.selectFrom('ceEntries').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision);

		const forged = await insert(licensee(other), crypto.randomUUID(), entryFields(owner));
		expect(forged).toMatchObject({ status: 'rejected', reason: 'You can only change your own continuing education entries.' });
		const edit = await send(licensee(other), { table: 'ceEntries', id, op: 'update', baseRevision: rev, changes: { hours: 20 } });
		expect(edit).toMatchObject({ status: 'rejected', current: null });
		const removal = await send(licensee(other), { table: 'ceEntries', id, op: 'delete', baseRevision: rev, changes: {} });
		expect(removal.status).toBe('rejected');
		const handOver = await send(licensee(owner), { table: 'ceEntries', id, op: 'update', baseRevision: rev, changes: { emsNumber: other } });
		expect(handOver.status).toBe('rejected');
		const certificate = await send(licensee(owner), { table: 'ceEntries', id, op: 'update', baseRevision: rev, changes: { certificate: 'x.jpg' } });
		expect(certificate).toMatchObject({ status: 'rejected', reason: 'A certificate is attached by uploading it, not by typing its name.' });
		expect(await t.db.selectFrom('ceEntries').select(['hours', 'emsNumber', 'deletedAt']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
			hours: 2.5,
			emsNumber: owner,
			deletedAt: null
		});

		expect((await send(office, { table: 'ceEntries', id, op: 'update', baseRevision: rev, changes: { hours: 3 } })).status).toBe('applied');
	});

	it('the owner edits and deletes; the deletion reaches their next pull', async () => {
		const owner = nextEms();
		await seedPerson(t.db, owner);
		const user = licensee(owner);
		const id = crypto.randomUUID();
		await insert(user, id, entryFields(owner));
		const first = await pull(t.db, user, 0, 1000);
		const rev = Number(first.rows.ceEntries[0]!.revision);

		const edit = await send(user, { table: 'ceEntries', id, op: 'update', baseRevision: rev, changes: { hours: 3.75, component: 'local', topic: null } });
		expect(edit.status).toBe('applied');
		// Changing a local entry back to national without a topic breaks the whole-entry rule.
		const broken = await send(user, { table: 'ceEntries', id, op: 'update', baseRevision: rev + 1, changes: { component: 'national' } });
		expect(broken).toMatchObject({ status: 'rejected', errors: { topic: 'A National entry needs its topic.' } });

		const removal = await send(user, { table: 'ceEntries', id, op: 'delete', baseRevision: rev + 1, changes: {} });
		expect(removal.status).toBe('applied');
		const next = await pull(t.db, user, first.cursor, 1000);
		expect(next.rows.ceEntries).toHaveLength(1);
		expect(next.rows.ceEntries[0]).toMatchObject({ id, hours: 3.75, component: 'local' });
		expect(next.rows.ceEntries[0]!.deletedAt).not.toBeNull();
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFieldRevisions } from '../../src/lib/domain/sync-conflicts';
import type { MutationResult } from '../../src/lib/domain/sync-protocol';
import { push } from '../../src/lib/server/sync/push';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, seedPerson } from '../support/sync-seed';

// Two devices pushing at the same moment need two connections: on PostgreSQL (TEST_DATABASE_URL) the pool gives
// each push its own; on SQLite the single writer serialises them, which is the behaviour both must have.

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const written = (r: MutationResult) => r.status === 'applied' && r.revision !== null && r.conflicts.length === 0;
const lost = (r: MutationResult) => r.status === 'applied' && r.revision === null && r.conflicts.length === 1;

describe('push: two devices changing one field at the same moment', () => {
	it('applies exactly one and answers the other with a conflict, and the stamp names the winner (40 rounds)', async () => {
		const ROUNDS = 40;
		const outcomes: string[] = [];
		const ways: string[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const ems = String(600000 + round);
			const p = await seedPerson(t.db, ems);
			const user = licensee(ems);
			const devices = [crypto.randomUUID(), crypto.randomUUID()];
			const streets = [`${round} North St`, `${round} South St`];
			// Each device has pushed before (a refused phone number, which changes nothing), so that on PostgreSQL
			// both edits may go in one statement without the lock (decision 052) and race there.
			for (const clientId of devices)
				await push(t.db, user, { clientId, mutations: [{ seq: 1, table: 'persons', id: ems, op: 'update', baseRevision: p.revision, changes: { mobilePhone: 'not a phone' } }] });
			const answers = await Promise.all(
				devices.map((clientId, i) =>
					push(t.db, user, {
						clientId,
						mutations: [{ seq: 2, table: 'persons', id: ems, op: 'update', baseRevision: p.revision, changes: { street: streets[i] } }]
					}, { onChunk: (way) => ways.push(way) })
				)
			);
			const [a, b] = answers.map((x) => x.results[0]!) as [MutationResult, MutationResult];
			const winner = written(a) && lost(b) ? 0 : written(b) && lost(a) ? 1 : -1;
			const told = (r: MutationResult) => (r.status === 'applied' ? `applied (revision ${r.revision}, ${r.conflicts.length} conflicts)` : r.status);
			outcomes.push(winner === -1 ? `round ${round}: ${told(a)} and ${told(b)}` : 'ok');
			if (winner === -1) continue;
			const row = await t.db.selectFrom('persons').select(['street', 'revision', 'fieldRevisions']).where('emsNumber', '=', ems).executeTakeFirstOrThrow();
			const applied = answers[winner]!.results[0] as Extract<MutationResult, { status: 'applied' }>;
			expect(row.street).toBe(streets[winner]);
			expect(row.revision).toBe(applied.revision);
			expect(parseFieldRevisions(row.fieldRevisions)?.street).toEqual([applied.revision, devices[winner]]);
			const conflict = (answers[1 - winner]!.results[0] as Extract<MutationResult, { status: 'applied' }>).conflicts[0]!;
			expect(conflict).toMatchObject({ field: 'street', yourValue: streets[1 - winner], serverValue: streets[winner] });
		}
		expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
		// PostgreSQL: at least each winner went in one statement (a loser may too, judging after the winner committed,
		// or be refused there and go the locked way); SQLite has only the locked way.
		const oneStatement = ways.filter((w) => w === 'one statement').length;
		if (process.env.TEST_DATABASE_URL) expect(oneStatement).toBeGreaterThanOrEqual(ROUNDS);
		else expect(oneStatement).toBe(0);
	}, 60_000);
});

describe('push: one device sending the same push twice at once (a resend racing the push whose answer was lost)', () => {
	it('applies each mutation once and answers both alike, on a first push and on a later one (20 rounds each)', async () => {
		const problems: string[] = [];
		for (let round = 0; round < 40; round++) {
			const ems = String(610000 + round);
			const p = await seedPerson(t.db, ems);
			const user = licensee(ems);
			const clientId = crypto.randomUUID();
			const later = round % 2 === 1;
			// Odd rounds: the device has pushed before (one refused phone number), so its row exists.
			if (later) await push(t.db, user, { clientId, mutations: [{ seq: 1, table: 'persons', id: ems, op: 'update', baseRevision: p.revision, changes: { mobilePhone: 'not a phone' } }] });
			const entry = crypto.randomUUID();
			const request = {
				clientId,
				mutations: [
					{ seq: 2, table: 'persons' as const, id: ems, op: 'update' as const, baseRevision: p.revision, changes: { street: `${round} Main St` } },
					{ seq: 3, table: 'ceEntries' as const, id: entry, op: 'insert' as const, baseRevision: null, changes: { id: entry, emsNumber: ems, title: `Race ${round}`, provider: 'Sanford Health', completedOn: '2026-01-15', hours: 1, format: 'F1', component: 'national', topic: 'airway', pediatric: false } }
				]
			};
			const [a, b] = await Promise.all([push(t.db, user, request), push(t.db, user, request)]);
			const entries = await t.db.selectFrom('ceEntries').select('id').where('id', '=', entry).execute();
			const logged = await t.db.selectFrom('syncMutations').select('sequence').where('clientId', '=', clientId).execute();
			const row = await t.db.selectFrom('persons').select(['street', 'revision']).where('emsNumber', '=', ems).executeTakeFirstOrThrow();
			const statuses = (r: typeof a) => r.results.map((x) => x.status).join(',');
			if (statuses(a) !== 'applied,applied' || statuses(b) !== 'applied,applied') problems.push(`round ${round}: answered ${statuses(a)} and ${statuses(b)}`);
			else if (JSON.stringify(a.results) !== JSON.stringify(b.results)) problems.push(`round ${round}: the two answers differ`);
			if (entries.length !== 1) problems.push(`round ${round}: ${entries.length} CE entries`);
			if (logged.length !== (later ? 3 : 2)) problems.push(`round ${round}: ${logged.length} stored answers`);
			if (row.street !== `${round} Main St`) problems.push(`round ${round}: street ${row.street}`);
		}
		expect(problems).toEqual([]);
	}, 60_000);
});

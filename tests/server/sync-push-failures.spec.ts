import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/lib/domain/sync-protocol';
import type { OutgoingMessage } from '../../src/lib/server/messages/outbox';
import { isPassingDatabaseFailure } from '../../src/lib/server/db/failures';
import { push, SEQUENCE_REUSED } from '../../src/lib/server/sync/push';
import { currentRevision } from '../../src/lib/server/sync/pull';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, office, seedAgency, seedPerson, seedVehicle, vehicleFields } from '../support/sync-seed';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const reasonOf = (r: MutationResult | undefined) => (r?.status === 'rejected' ? r.reason : r?.status);

async function stored(clientId: string) {
	const client = await t.db.selectFrom('syncClients').select('lastSequence').where('clientId', '=', clientId).executeTakeFirst();
	const log = await t.db.selectFrom('syncMutations').select(['sequence', 'status']).where('clientId', '=', clientId).orderBy('sequence').execute();
	return { last: client?.lastSequence, log: log.map((r) => `${r.sequence} ${r.status}`) };
}

describe('push: a mutation the server fails on', () => {
	for (const chunkSize of [100, 2]) {
		it(`is refused with a reference the log shows, and the rest of its chunk applies (chunks of ${chunkSize})`, async () => {
			const ems = String(700000 + chunkSize);
			const p = await seedPerson(t.db, ems);
			// An email change asks the account's inbox to confirm (decision 019): the person needs an account.
			await t.db
				.insertInto('accounts')
				.values({ id: `acct-${ems}`, emsNumber: ems, email: p.email, role: 'licensee', passwordHash: null, createdAt: new Date().toISOString(), passwordChangedAt: null })
				.execute();
			const agency = await seedAgency(t.db, `A8${chunkSize}`);
			const vehicle = await seedVehicle(t.db, agency.number, 90 + chunkSize);
			const clientId = crypto.randomUUID();
			const mutations: Mutation[] = [
				{ seq: 1, table: 'persons', id: ems, op: 'update', baseRevision: p.revision, changes: { email: `moved${ems}@example.org` } },
				// No such agency: the vehicles row's foreign key makes the insert throw.
				{ seq: 2, table: 'vehicles', id: crypto.randomUUID(), op: 'insert', baseRevision: null, changes: vehicleFields('A0000', 93) },
				{ seq: 3, table: 'vehicles', id: vehicle.id, op: 'update', baseRevision: vehicle.revision, changes: { unitNumber: 'Medic 3' } }
			];
			const logged: string[] = [];
			const sent: OutgoingMessage[] = [];
			const options = { chunkSize, onError: (_: unknown, line?: string) => void logged.push(line ?? ''), deliver: async (m: OutgoingMessage) => void sent.push(m) };
			const before = await currentRevision(t.db);
			const r = await push(t.db, office, { clientId, mutations }, options);

			expect(r.retryLater).toBeUndefined();
			expect(r.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'applied']);
			const ref = /reference ([0-9A-F]{8})/.exec(reasonOf(r.results[1]) ?? '')?.[1];
			expect(reasonOf(r.results[1])).toBe(
				`Not saved: the server failed on this change (reference ${ref}). Try it again later; if it fails again, call the state EMS office and quote the reference.`
			);
			expect(r.results[1]).toMatchObject({ current: null });
			expect(logged).toEqual([expect.stringContaining(`refused mutation 2 (insert vehicles `)]);
			expect(logged[0]).toContain(`reference ${ref}`);
			// The bookkeeping committed with the mutations: a resend gets the same answers and changes nothing.
			expect(await stored(clientId)).toEqual({ last: 3, log: ['1 applied', '2 rejected', '3 applied'] });
			const after = await currentRevision(t.db);
			expect(await push(t.db, office, { clientId, mutations }, options)).toEqual(r);
			expect(await currentRevision(t.db)).toBe(after);
			expect(after - before).toBeLessThanOrEqual(mutations.length);
			// The email change's notices went out once, not once per run of the chunk.
			expect(sent.map((m) => m.to).sort()).toEqual([`moved${ems}@example.org`, `p${ems}@example.org`]);
			const row = await t.db.selectFrom('vehicles').select('unitNumber').where('id', '=', vehicle.id).executeTakeFirstOrThrow();
			expect(row.unitNumber).toBe('Medic 3');
		});
	}

	it('gives the server’s values with the refusal to someone who may see the record', async () => {
		const ems = '700010';
		const p = await seedPerson(t.db, ems);
		const r = await push(t.db, licensee(ems), { clientId: crypto.randomUUID(), mutations: [{ seq: 1, table: 'persons', id: ems, op: 'update', baseRevision: p.revision, changes: { city: 'Fargo' } }] }, {
			onError: () => {},
			applying: () => {
				throw new TypeError('a bug');
			}
		});
		expect(r.results[0]).toMatchObject({ status: 'rejected', current: { city: 'Bismarck' } });
	});

	it('is sent again later when the database, not the mutation, failed', async () => {
		const ems = '700011';
		const p = await seedPerson(t.db, ems);
		const clientId = crypto.randomUUID();
		const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
		const r = await push(t.db, licensee(ems), { clientId, mutations: [{ seq: 1, table: 'persons', id: ems, op: 'update', baseRevision: p.revision, changes: { city: 'Fargo' } }] }, {
			onError: () => {},
			applying: () => {
				throw deadlock;
			}
		});
		expect(r).toMatchObject({ results: [], retryLater: expect.any(String) });
		expect(await stored(clientId)).toEqual({ last: undefined, log: [] });
	});
});

describe('push: a resend that is not the same mutation', () => {
	it('is refused when the number was used for another record, and the first answer stays', async () => {
		const a = '700020';
		const b = '700021';
		const pa = await seedPerson(t.db, a);
		const pb = await seedPerson(t.db, b);
		const agency = await seedAgency(t.db, 'A8020');
		const leader = licensee(a, [agency.number]);
		const clientId = crypto.randomUUID();
		const first = await push(t.db, leader, { clientId, mutations: [{ seq: 1, table: 'persons', id: a, op: 'update', baseRevision: pa.revision, changes: { city: 'Minot' } }] });
		expect(first.results[0]).toMatchObject({ status: 'applied' });
		const other = await push(t.db, leader, {
			clientId,
			mutations: [
				{ seq: 1, table: 'persons', id: b, op: 'update', baseRevision: pb.revision, changes: { city: 'Fargo' } },
				{ seq: 2, table: 'agencies', id: agency.number, op: 'update', baseRevision: agency.revision, changes: { phone: '7015550188' } }
			]
		});
		expect(other.results.map(reasonOf)).toEqual([SEQUENCE_REUSED(1), 'applied']);
		expect(other.results[0]).toMatchObject({ current: null });
		expect(SEQUENCE_REUSED(1)).toBe('Not saved: the server already holds a different change from this device under number 1, so it kept that one. Make this change again.');
		const again = await push(t.db, leader, { clientId, mutations: [{ seq: 1, table: 'persons', id: a, op: 'update', baseRevision: pa.revision, changes: { city: 'Minot' } }] });
		expect(again).toEqual(first);
		const cityOf = async (ems: string) => (await t.db.selectFrom('persons').select('city').where('emsNumber', '=', ems).executeTakeFirstOrThrow()).city;
		expect(await cityOf(b)).toBe('Bismarck');
		expect(await cityOf(a)).toBe('Minot');
	});
});

describe('which failures pass (src/lib/server/db/failures.ts)', () => {
	it('tells a database in trouble from a statement that cannot succeed', () => {
		const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
		const passing = [withCode('40001'), withCode('40P01'), withCode('08006'), withCode('57P01'), withCode('55P03'), withCode('SQLITE_BUSY'), withCode('SQLITE_IOERR_WRITE'), withCode('ECONNRESET'), new Error('Connection terminated unexpectedly')];
		const lasting = [withCode('23503'), withCode('23505'), withCode('22001'), withCode('42703'), withCode('SQLITE_CONSTRAINT_FOREIGNKEY'), new TypeError('x is undefined'), 'a string', null];
		expect(passing.map(isPassingDatabaseFailure)).toEqual(passing.map(() => true));
		expect(lasting.map(isPassingDatabaseFailure)).toEqual(lasting.map(() => false));
	});
});

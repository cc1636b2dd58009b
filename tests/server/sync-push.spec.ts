import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, PushRequest } from '../../src/lib/domain/sync-protocol';
import { push } from '../../src/lib/server/sync/push';
import { currentRevision, pull } from '../../src/lib/server/sync/pull';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, office, seedAffiliation, seedAgency, seedPerson, seedVehicle, vehicleFields } from '../support/sync-seed';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const quiet = { now: () => new Date().toISOString() };
let emsCounter = 200000;
const nextEms = () => String(++emsCounter);

function update(seq: number, table: Mutation['table'], id: string, baseRevision: number, changes: Record<string, unknown>): Mutation {
	return { seq, table, id, op: 'update', baseRevision, changes };
}

async function person(ems: string) {
	return t.db.selectFrom('persons').selectAll().where('emsNumber', '=', ems).executeTakeFirstOrThrow();
}

describe('push: exactly once', () => {
	it('applies a push sent twice only once and stores the sequence', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const user = licensee(ems);
		const request: PushRequest = {
			clientId: crypto.randomUUID(),
			mutations: [
				update(1, 'persons', ems, p.revision, { mobilePhone: '701-555-0111' }),
				update(2, 'persons', ems, p.revision, { city: 'Fargo' })
			]
		};
		const before = await currentRevision(t.db);
		const first = await push(t.db, user, request, quiet);
		const afterFirst = await currentRevision(t.db);
		const second = await push(t.db, user, request, quiet);

		expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		expect(second).toEqual(first);
		expect(afterFirst - before).toBe(2);
		expect(await currentRevision(t.db)).toBe(afterFirst);
		const row = await person(ems);
		expect(row.mobilePhone).toBe('+17015550111');
		expect(row.city).toBe('Fargo');
		const client = await t.db.selectFrom('syncClients').selectAll().where('clientId', '=', request.clientId).executeTakeFirstOrThrow();
		expect(client.lastSequence).toBe(2);
		expect(client.accountId).toBe(user.accountId);
	});

	it('applies every mutation exactly once when pushes are interrupted mid-way (20 runs)', async () => {
		let interruptions = 0;
		for (let run = 0; run < 20; run++) {
			const ems = nextEms();
			const p = await seedPerson(t.db, ems);
			const user = licensee(ems);
			const clientId = crypto.randomUUID();
			const n = 12;
			const mutations = Array.from({ length: n }, (_, i) =>
				update(i + 1, 'persons', ems, p.revision, { mobilePhone: `70155501${String(i + 10)}`, street: `${i + 1} Main St` })
			);
			const start = await currentRevision(t.db);
			// Interrupt at a random mutation each attempt until everything has an answer, resending the whole queue.
			for (let attempt = 0; attempt < 50; attempt++) {
				// The first attempt always fails somewhere; later ones may, or may get through.
				const failAt = 1 + Math.floor(Math.random() * (attempt === 0 ? n : n * 1.5));
				const response = await push(t.db, user, { clientId, mutations }, {
					chunkSize: 1 + Math.floor(Math.random() * 5),
					onError: () => {},
					afterEach: (seq) => {
						if (seq === failAt) {
							interruptions++;
							throw new Error('simulated crash inside the transaction');
						}
					}
				});
				if (!response.retryLater) {
					expect(response.results.map((r) => r.status)).toEqual(Array(n).fill('applied'));
					break;
				}
			}
			const log = await t.db.selectFrom('syncMutations').select('sequence').where('clientId', '=', clientId).execute();
			expect(log.map((r) => r.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
			// Each applied mutation wrote once, taking exactly one revision.
			expect((await currentRevision(t.db)) - start).toBe(n);
			const row = await person(ems);
			expect(row.mobilePhone).toBe(`+170155501${n + 9}`);
			expect(row.street).toBe(`${n} Main St`);
		}
		expect(interruptions).toBeGreaterThanOrEqual(20);
	}, 120_000);
});

describe('push: one chunk, many records', () => {
	it('creates a vehicle and edits it in the same chunk, around a refusal, and a pull sends its final state', async () => {
		const ems = nextEms();
		await seedPerson(t.db, ems);
		const agency = await seedAgency(t.db, 'A7101');
		const vehicle = await seedVehicle(t.db, agency.number, 81);
		const created = crypto.randomUUID();
		const leader = licensee(ems, [agency.number]);
		const before = await currentRevision(t.db);
		const r = await push(t.db, leader, {
			clientId: crypto.randomUUID(),
			mutations: [
				{ seq: 1, table: 'vehicles', id: created, op: 'insert', baseRevision: null, changes: vehicleFields(agency.number, 82) },
				update(2, 'vehicles', vehicle.id, vehicle.revision, { unitNumber: 'Medic 7' }),
				update(3, 'vehicles', vehicle.id, vehicle.revision, { vin: 'NOT A VIN' }),
				update(4, 'vehicles', created, 0, { unitNumber: 'Medic 8' }),
				update(5, 'vehicles', vehicle.id, vehicle.revision, { status: 'out_of_service', outOfServiceOn: '2026-11-30', outOfServiceReason: 'Brakes' })
			]
		});
		expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied']);
		const rows = await t.db.selectFrom('vehicles').selectAll().where('id', 'in', [created, vehicle.id]).execute();
		const byId = new Map(rows.map((row) => [row.id, row]));
		expect(byId.get(created)).toMatchObject({ unitNumber: 'Medic 8' });
		expect(byId.get(vehicle.id)).toMatchObject({ unitNumber: 'Medic 7', status: 'out_of_service' });
		// Every applied write took a revision of its own, above what was there before, and a pull from before the
		// push finds both vehicles at their latest revision (a refused mutation may leave a gap).
		const revisions = r.results.flatMap((x) => (x.status === 'applied' && x.revision !== null ? [x.revision] : []));
		expect(new Set(revisions).size).toBe(4);
		expect(Math.min(...revisions)).toBeGreaterThan(before);
		const page = await pull(t.db, leader, before, 1000);
		const pulled = new Map(page.rows.vehicles.map((v) => [v.id, v]));
		expect(pulled.get(created)).toMatchObject({ unitNumber: 'Medic 8', revision: byId.get(created)!.revision });
		expect(pulled.get(vehicle.id)).toMatchObject({ status: 'out_of_service', revision: byId.get(vehicle.id)!.revision });
	});
});

describe('push: in one statement without the lock (decision 052, PostgreSQL)', () => {
	const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
	const ceEntry = (ems: string, title: string) => ({
		emsNumber: ems,
		title,
		provider: 'Sanford Health',
		completedOn: '2026-01-15',
		hours: 2,
		format: 'F1',
		component: 'national',
		topic: 'airway',
		pediatric: false
	});

	it('numbers writes to several records in order, and the answers, stored answers and field stamps name the revision each record got', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const user = licensee(ems);
		const entries = [crypto.randomUUID(), crypto.randomUUID()];
		const clientId = crypto.randomUUID();
		const ways: string[] = [];
		// A device's first push makes its row; this one is refused and changes no record.
		await push(t.db, user, { clientId, mutations: [update(1, 'persons', ems, p.revision, { mobilePhone: 'not a phone' })] }, { ...quiet, onChunk: (way) => ways.push(way) });
		const request: PushRequest = {
			clientId,
			mutations: [
				update(2, 'persons', ems, p.revision, { mobilePhone: 'still not a phone' }),
				update(3, 'persons', ems, p.revision, { city: 'Minot' }),
				{ seq: 4, table: 'ceEntries', id: entries[0]!, op: 'insert', baseRevision: null, changes: { ...ceEntry(ems, 'Airway'), id: entries[0] } },
				{ seq: 5, table: 'ceEntries', id: entries[1]!, op: 'insert', baseRevision: null, changes: { ...ceEntry(ems, 'Cardiology'), id: entries[1] } }
			]
		};
		const before = await currentRevision(t.db);
		const first = await push(t.db, user, { ...request, mutations: request.mutations.slice(1) }, { ...quiet, onChunk: (way) => ways.push(way) });
		expect(ways).toEqual(onPostgres ? ['one statement', 'one statement'] : ['locked', 'locked']);
		expect(first.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
		const revisions = first.results.map((x) => (x.status === 'applied' ? x.revision : null));
		// One revision per applied mutation, in mutation order, the last the counter's.
		expect(revisions).toEqual([before + 1, before + 2, before + 3]);
		expect(await currentRevision(t.db)).toBe(before + 3);
		const person = await t.db.selectFrom('persons').select(['revision', 'fieldRevisions', 'city']).where('emsNumber', '=', ems).executeTakeFirstOrThrow();
		const ce = await t.db.selectFrom('ceEntries').select(['id', 'revision', 'fieldRevisions']).where('id', 'in', entries).execute();
		const written = [person, ...entries.map((id) => ce.find((row) => row.id === id)!)];
		written.forEach((row, i) => {
			expect(row.revision).toBe(revisions[i]);
			const stamps = JSON.parse(row.fieldRevisions!) as Record<string, unknown>;
			expect(stamps['*']).toBe(revisions[i]);
			expect(stamps[i === 0 ? 'city' : 'title']).toEqual([revisions[i], clientId]);
		});
		expect(person.city).toBe('Minot');
		// Sent again, with the answered one before them, the stored answers are what the device was told.
		const again = await push(t.db, user, request, quiet);
		expect(again.results.slice(1)).toEqual(first.results);
		expect(await currentRevision(t.db)).toBe(before + 3);
	});

	it('takes a first push in one statement, and goes the locked way for a resend, a record named twice, a roster change and an audited refusal', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const agency = await seedAgency(t.db, 'A7103');
		const user = licensee(ems, [agency.number]);
		const clientId = crypto.randomUUID();
		const stranger = nextEms();
		await seedPerson(t.db, stranger);
		const whys: string[] = [];
		const send = async (mutations: Mutation[]) => {
			const ways: string[] = [];
			await push(t.db, user, { clientId, mutations }, { ...quiet, onChunk: (way, why) => ways.push(why ? `${way}: ${why}` : way) });
			whys.push(...ways);
		};
		await send([update(1, 'persons', ems, p.revision, { mobilePhone: 'not a phone' })]);
		await send([update(1, 'persons', ems, p.revision, { mobilePhone: 'not a phone' })]);
		await send([update(3, 'persons', ems, p.revision, { city: 'Fargo' }), update(4, 'persons', ems, p.revision, { street: '1 Main St' })]);
		await send([{ seq: 5, table: 'vehicles', id: crypto.randomUUID(), op: 'insert', baseRevision: null, changes: vehicleFields(agency.number, 94) }]);
		await send([update(6, 'persons', stranger, 1, { city: 'Bismarck' })]);
		const postgres = [
			// The device's row is not read first: the statement makes it on a first push, and its check refuses a resend.
			'one statement',
			'locked: the one statement was refused',
			'locked: the chunk names a record twice',
			'locked: vehicles insert is judged on more than its record',
			'locked: judging would write (InsertQueryNode)'
		];
		expect(whys).toEqual(onPostgres ? postgres : postgres.map(() => 'locked: SQLite'));
		const device = await t.db.selectFrom('syncClients').select(['accountId', 'lastSequence']).where('clientId', '=', clientId).executeTakeFirstOrThrow();
		expect(device).toEqual({ accountId: user.accountId, lastSequence: 6 });
	});

	it('judges an insert as new without reading it; an id that exists after all is answered the locked way, and nothing is written twice', async () => {
		const ems = nextEms();
		await seedPerson(t.db, ems);
		const user = licensee(ems);
		const clientId = crypto.randomUUID();
		const id = crypto.randomUUID();
		const ways: string[] = [];
		const insert = (seq: number, title: string): Mutation => ({ seq, table: 'ceEntries', id, op: 'insert', baseRevision: null, changes: { ...ceEntry(ems, title), id } });
		const first = await push(t.db, user, { clientId, mutations: [insert(1, 'Airway')] }, quiet);
		expect(first.results[0]).toMatchObject({ status: 'applied' });
		const before = await currentRevision(t.db);
		const again = await push(t.db, user, { clientId, mutations: [insert(2, 'Cardiology')] }, { ...quiet, onChunk: (way, why) => ways.push(why ? `${way}: ${why}` : way) });
		expect(again.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('already exists') });
		expect(ways).toEqual([onPostgres ? 'locked: the one statement was refused' : 'locked: SQLite']);
		const stored = await t.db.selectFrom('ceEntries').select(['title']).where('id', '=', id).execute();
		expect(stored).toEqual([{ title: 'Airway' }]);
		// The refused statement took no revision; the locked way's refusal takes one and writes no record.
		expect(await currentRevision(t.db)).toBeLessThanOrEqual(before + 1);
	});
});

describe('push: conflicts per field', () => {
	it('keeps the first change of a field and answers the second device with both values', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const user = licensee(ems);
		const phone = crypto.randomUUID();
		const laptop = crypto.randomUUID();
		const a = await push(t.db, user, { clientId: phone, mutations: [update(1, 'persons', ems, p.revision, { mobilePhone: '7015550123' })] });
		const b = await push(t.db, user, { clientId: laptop, mutations: [update(1, 'persons', ems, p.revision, { mobilePhone: '7015550999' })] });
		expect(a.results[0]).toMatchObject({ status: 'applied', conflicts: [] });
		expect(b.results[0]).toMatchObject({
			status: 'applied',
			revision: null,
			conflicts: [{ field: 'mobilePhone', label: 'Mobile phone', yourValue: '+17015550999', serverValue: '+17015550123' }],
			current: { mobilePhone: '+17015550123' }
		});
		expect((await person(ems)).mobilePhone).toBe('+17015550123');
	});

	it('keeps changes to different fields of one record from two devices', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const user = licensee(ems);
		const a = await push(t.db, user, { clientId: crypto.randomUUID(), mutations: [update(1, 'persons', ems, p.revision, { email: 'new@example.org' })] });
		const b = await push(t.db, user, { clientId: crypto.randomUUID(), mutations: [update(1, 'persons', ems, p.revision, { homePhone: '701 555 0142' })] });
		expect(a.results[0]).toMatchObject({ status: 'applied', conflicts: [] });
		expect(b.results[0]).toMatchObject({ status: 'applied', conflicts: [] });
		const row = await person(ems);
		expect(row.email).toBe('new@example.org');
		expect(row.homePhone).toBe('+17015550142');
	});

	it('does not call a device’s own earlier change a conflict, nor an equal value', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const user = licensee(ems);
		const device = crypto.randomUUID();
		await push(t.db, user, { clientId: device, mutations: [update(1, 'persons', ems, p.revision, { city: 'Minot' })] });
		const again = await push(t.db, user, { clientId: device, mutations: [update(2, 'persons', ems, p.revision, { city: 'Dickinson' })] });
		expect(again.results[0]).toMatchObject({ status: 'applied', conflicts: [] });
		const other = await push(t.db, user, { clientId: crypto.randomUUID(), mutations: [update(1, 'persons', ems, p.revision, { city: 'Dickinson' })] });
		expect(other.results[0]).toMatchObject({ status: 'applied', revision: null, conflicts: [] });
	});

	it('treats a row changed outside sync as changed in every field', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const user = licensee(ems);
		await push(t.db, user, { clientId: crypto.randomUUID(), mutations: [update(1, 'persons', ems, p.revision, { city: 'Minot' })] });
		const rev = (await person(ems)).revision;
		// An office tool writes the row with a new revision but leaves the per-field map alone.
		await t.db.updateTable('persons').set({ zip: '58503', revision: rev + 1000 }).where('emsNumber', '=', ems).execute();
		const r = await push(t.db, user, { clientId: crypto.randomUUID(), mutations: [update(1, 'persons', ems, rev, { zip: '58504' })] });
		expect(r.results[0]).toMatchObject({ status: 'applied', conflicts: [{ field: 'zip', serverValue: '58503', yourValue: '58504' }] });
	});
});

describe('push: refusals', () => {
	it('refuses what the sender may not change, with a reason', async () => {
		const me = nextEms();
		const other = nextEms();
		const mine = await seedPerson(t.db, me);
		const theirs = await seedPerson(t.db, other);
		const agency = await seedAgency(t.db, 'A7001');
		const foreign = await seedAgency(t.db, 'A7002');
		const foreignVehicle = await seedVehicle(t.db, foreign.number, 71);
		const membership = await seedAffiliation(t.db, other, agency.number);
		// Another current leader, so ending the new leader's membership (9) does not leave the agency without one.
		await seedAffiliation(t.db, me, agency.number, 'squad_leader');
		const user = licensee(me, [agency.number]);
		const r = await push(t.db, user, {
			clientId: crypto.randomUUID(),
			mutations: [
				update(1, 'persons', other, theirs.revision, { city: 'Fargo' }),
				update(2, 'persons', me, mine.revision, { dateOfBirth: '1991-01-01' }),
				update(3, 'agencies', agency.number, agency.revision, { name: 'Renamed' }),
				update(4, 'vehicles', foreignVehicle.id, foreignVehicle.revision, { status: 'out_of_service' }),
				{ seq: 5, table: 'vehicles', id: crypto.randomUUID(), op: 'insert', baseRevision: null, changes: vehicleFields(foreign.number, 72) },
				update(6, 'credentials', crypto.randomUUID(), 0, { status: 'active' }),
				update(7, 'agencies', agency.number, agency.revision, { phone: '7015550177' }),
				update(8, 'affiliations', membership.id, membership.revision, { role: 'squad_leader' }),
				update(9, 'affiliations', membership.id, membership.revision, { endedOn: '2025-01-31' })
			]
		});
		const reasons = r.results.map((x) => (x.status === 'rejected' ? x.reason : x.status));
		expect(reasons).toEqual([
			'You can only change your own record, or the records of agencies you lead as squad leader.',
			'Date of birth can only be changed by the state EMS office.',
			'Agency name can only be changed by the state EMS office.',
			'Only a squad leader of this vehicle’s agency can change it.',
			'You can only add vehicles to agencies you lead as squad leader.',
			'You can only change your own record, or the records of agencies you lead as squad leader.',
			'applied',
			'applied',
			'applied'
		]);
		// Refused changes leave no trace; another person's values are not disclosed.
		expect((await person(other)).city).toBe('Bismarck');
		expect(r.results[0]).toMatchObject({ current: null });
	});

	it('refuses invalid values with the field’s own message', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const r = await push(t.db, licensee(ems), {
			clientId: crypto.randomUUID(),
			mutations: [
				update(1, 'persons', ems, p.revision, { mobilePhone: '555-12' }),
				update(2, 'persons', ems, p.revision, { zip: 'ABCDE', email: 'not-an-email' })
			]
		});
		expect(r.results[0]).toMatchObject({
			status: 'rejected',
			reason: 'Not saved: Mobile phone: enter a 10-digit US phone number, like 701-555-0123.',
			errors: { mobilePhone: 'Mobile phone: enter a 10-digit US phone number, like 701-555-0123.' },
			current: { mobilePhone: '+17015550100' }
		});
		expect(r.results[1]).toMatchObject({ status: 'rejected', errors: { zip: expect.any(String), email: expect.any(String) } });
		expect((await person(ems)).mobilePhone).toBe('+17015550100');
	});

	it('refuses a change that breaks a whole-record rule', async () => {
		const ems = nextEms();
		await seedPerson(t.db, ems);
		const agency = await seedAgency(t.db, 'A7003');
		const a = await seedAffiliation(t.db, ems, agency.number, 'member', { startedOn: '2022-05-01' });
		const r = await push(t.db, licensee(nextEms(), [agency.number]), {
			clientId: crypto.randomUUID(),
			mutations: [update(1, 'affiliations', a.id, a.revision, { endedOn: '2021-01-01' })]
		});
		expect(r.results[0]).toMatchObject({ status: 'rejected', errors: { endedOn: 'End date cannot be before the start date.' } });
	});

	it('turns a name change into a request for the office', async () => {
		const ems = nextEms();
		const p = await seedPerson(t.db, ems);
		const r = await push(t.db, licensee(ems), {
			clientId: crypto.randomUUID(),
			mutations: [{ ...update(1, 'persons', ems, p.revision, { lastName: 'Smith-Jones' }), reason: 'Marriage' }]
		});
		expect(r.results[0]).toMatchObject({ status: 'requested', current: { lastName: p.lastName } });
		const request = await t.db.selectFrom('changeRequests').selectAll().where('emsNumber', '=', ems).executeTakeFirstOrThrow();
		expect(JSON.parse(request.changes)).toEqual({ lastName: 'Smith-Jones' });
		expect(request).toMatchObject({ kind: 'name', reason: 'Marriage', status: 'pending' });
		expect((await person(ems)).lastName).toBe(p.lastName);
	});

	it('lets a squad leader add and take out of service a vehicle, and office remove it', async () => {
		const agency = await seedAgency(t.db, 'A7004');
		const leader = licensee(nextEms(), [agency.number]);
		const id = crypto.randomUUID();
		const clientId = crypto.randomUUID();
		const r = await push(t.db, leader, {
			clientId,
			mutations: [
				{ seq: 1, table: 'vehicles', id, op: 'insert', baseRevision: null, changes: vehicleFields(agency.number, 74) },
				update(2, 'vehicles', id, 0, { status: 'out_of_service', outOfServiceOn: '2026-11-30', outOfServiceReason: 'Brakes' }),
				{ seq: 3, table: 'vehicles', id, op: 'delete', baseRevision: 0, changes: {} }
			]
		});
		expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'rejected']);
		const d = await push(t.db, office, { clientId: crypto.randomUUID(), mutations: [{ seq: 1, table: 'vehicles', id, op: 'delete', baseRevision: 0, changes: {} }] });
		expect(d.results[0]).toMatchObject({ status: 'applied' });
		const row = await t.db.selectFrom('vehicles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe('out_of_service');
		expect(row.deletedAt).not.toBeNull();
	});

	it('refuses a device id that belongs to another account', async () => {
		const a = nextEms();
		const b = nextEms();
		const pa = await seedPerson(t.db, a);
		const pb = await seedPerson(t.db, b);
		const clientId = crypto.randomUUID();
		await push(t.db, licensee(a), { clientId, mutations: [update(1, 'persons', a, pa.revision, { city: 'Fargo' })] });
		await expect(push(t.db, licensee(b), { clientId, mutations: [update(2, 'persons', b, pb.revision, { city: 'Fargo' })] })).rejects.toMatchObject({
			status: 409,
			body: { message: expect.stringContaining('another account') }
		});
		expect((await person(b)).city).toBe('Bismarck');
	});
});

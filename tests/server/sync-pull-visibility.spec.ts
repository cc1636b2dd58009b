import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, SyncRow } from '../../src/lib/domain/sync-protocol';
import type { SessionUser } from '../../src/lib/domain/session-user';
import { pull } from '../../src/lib/server/sync/pull';
import { push } from '../../src/lib/server/sync/push';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, seedAffiliation, seedAgency, seedPerson } from '../support/sync-seed';

/**
 * A person's contact details and date of birth reach a squad leader only while the person is a current member of an
 * agency that leader leads; a former member stays on the agency's history by name and dates (decision 021).
 */
let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const CONTACT = { email: null, mobilePhone: null, homePhone: null, street: null, street2: null, city: null, state: null, zip: null };
const at = (date: string) => new Date(`${date}T12:00:00Z`);

/** Pages from `cursor` until no more, as a device does: each request names the date of the answer before it. */
async function pullAll(user: SessionUser, cursor: number, options: { now: Date; since?: string | null }) {
	const pages: PullResponse[] = [];
	let since = options.since ?? null;
	for (;;) {
		const page = await pull(t.db, user, cursor, 1000, { now: options.now, since });
		pages.push(page);
		cursor = page.cursor;
		since = page.asOf;
		if (!page.more) break;
	}
	const persons = new Map<string, SyncRow>();
	for (const row of pages.flatMap((p) => p.rows.persons)) persons.set(String(row.emsNumber), row);
	return { pages, cursor, since, persons };
}

describe('what a squad leader’s pull shows of former members', () => {
	it('sends a former member by name only: no phone, address, email or date of birth', async () => {
		const agency = await seedAgency(t.db, 'A8101');
		const current = await seedPerson(t.db, '410001');
		const former = await seedPerson(t.db, '410002', { homePhone: '+17015550111' });
		await seedAffiliation(t.db, current.emsNumber, agency.number);
		await seedAffiliation(t.db, former.emsNumber, agency.number, 'member', { endedOn: '2025-06-30' });
		const leader = licensee('410000', [agency.number]);

		const { persons, pages } = await pullAll(leader, 0, { now: at('2026-01-15') });
		expect(persons.get(current.emsNumber)).toMatchObject({ mobilePhone: current.mobilePhone, street: current.street, email: current.email });
		expect(persons.get(former.emsNumber)).toMatchObject({ firstName: former.firstName, lastName: former.lastName, deletedAt: null, ...CONTACT });
		expect(persons.get(former.emsNumber)?.dateOfBirth ?? null).toBeNull();
		// Still on the agency's history, with its dates.
		expect(pages.flatMap((p) => p.rows.affiliations).find((a) => a.emsNumber === former.emsNumber)).toMatchObject({ endedOn: '2025-06-30' });
	});

	it('tells the device when an end date passes, though no row changed', async () => {
		const agency = await seedAgency(t.db, 'A8102');
		const leaving = await seedPerson(t.db, '420001');
		await seedAffiliation(t.db, leaving.emsNumber, agency.number, 'member', { endedOn: '2026-03-31' });
		const leader = licensee('420000', [agency.number]);

		const before = await pullAll(leader, 0, { now: at('2026-03-31') });
		expect(before.persons.get(leaving.emsNumber)).toMatchObject({ mobilePhone: leaving.mobilePhone });
		expect(before.since).toBe('2026-03-31');

		const after = await pullAll(leader, before.cursor, { now: at('2026-04-02'), since: before.since });
		expect(after.cursor).toBe(before.cursor);
		expect([...after.persons.keys()]).toEqual([leaving.emsNumber]);
		expect(after.persons.get(leaving.emsNumber)).toMatchObject({ lastName: leaving.lastName, ...CONTACT });

		// Said once: the next pull, from the date of that answer, has nothing to say.
		const again = await pullAll(leader, after.cursor, { now: at('2026-04-03'), since: after.since });
		expect(again.persons.size).toBe(0);
	});

	it('sends a former member’s later edits without their contact details', async () => {
		const agency = await seedAgency(t.db, 'A8103');
		const former = await seedPerson(t.db, '430001');
		await seedAffiliation(t.db, former.emsNumber, agency.number, 'member', { endedOn: '2025-01-31' });
		const leader = licensee('430000', [agency.number]);
		const now = at('2026-01-15');
		const first = await pullAll(leader, 0, { now });

		const edit = await push(t.db, licensee(former.emsNumber), {
			clientId: crypto.randomUUID(),
			mutations: [{ seq: 1, table: 'persons', id: former.emsNumber, op: 'update', baseRevision: former.revision, changes: { mobilePhone: '+17015550177', city: 'Fargo' } }]
		});
		expect(edit.results[0]!.status).toBe('applied');
		const later = await pullAll(leader, first.cursor, { now, since: first.since });
		expect(later.persons.get(former.emsNumber)).toMatchObject({ lastName: former.lastName, ...CONTACT });
	});

	it('keeps a person fully visible who left one agency the leader leads but is current in another', async () => {
		const left = await seedAgency(t.db, 'A8104');
		const stays = await seedAgency(t.db, 'A8105');
		const both = await seedPerson(t.db, '440001');
		await seedAffiliation(t.db, both.emsNumber, left.number, 'member', { endedOn: '2026-02-28' });
		await seedAffiliation(t.db, both.emsNumber, stays.number);
		const leader = licensee('440000', [left.number, stays.number]);

		const first = await pullAll(leader, 0, { now: at('2026-02-28') });
		expect(first.persons.get(both.emsNumber)).toMatchObject({ mobilePhone: both.mobilePhone });
		const after = await pullAll(leader, first.cursor, { now: at('2026-03-10'), since: first.since });
		expect(after.persons.has(both.emsNumber)).toBe(false);
		const fresh = await pullAll(leader, 0, { now: at('2026-03-10') });
		expect(fresh.persons.get(both.emsNumber)).toMatchObject({ mobilePhone: both.mobilePhone, city: both.city });
	});

	it('removes a person whose only membership was deleted', async () => {
		const agency = await seedAgency(t.db, 'A8106');
		const mistaken = await seedPerson(t.db, '450001');
		const affiliation = await seedAffiliation(t.db, mistaken.emsNumber, agency.number);
		const leader = licensee('450000', [agency.number]);
		const now = at('2026-01-15');
		const first = await pullAll(leader, 0, { now });
		expect(first.persons.get(mistaken.emsNumber)).toMatchObject({ mobilePhone: mistaken.mobilePhone });

		await t.db.updateTable('affiliations').set({ deletedAt: now.toISOString(), revision: first.cursor + 1 }).where('id', '=', affiliation.id).execute();
		await t.db.updateTable('counters').set({ value: first.cursor + 1 }).where('name', '=', 'revision').execute();
		const later = await pullAll(leader, first.cursor, { now, since: first.since });
		expect(later.persons.get(mistaken.emsNumber)).toMatchObject({ deletedAt: expect.any(String), ...CONTACT });
	});

	it('reduces every former member for a device that kept details before it was told (no date sent)', async () => {
		const agency = await seedAgency(t.db, 'A8107');
		const former = await seedPerson(t.db, '460001');
		const current = await seedPerson(t.db, '460002');
		await seedAffiliation(t.db, former.emsNumber, agency.number, 'member', { endedOn: '2024-12-31' });
		await seedAffiliation(t.db, current.emsNumber, agency.number);
		const leader = licensee('460000', [agency.number]);
		const now = at('2026-01-15');
		const { cursor } = await pullAll(leader, 0, { now });

		const upgraded = await pullAll(leader, cursor, { now, since: null });
		expect([...upgraded.persons.keys()]).toEqual([former.emsNumber]);
		expect(upgraded.persons.get(former.emsNumber)).toMatchObject(CONTACT);
	});
});

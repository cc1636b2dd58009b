import { error, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/lib/domain/sync-protocol';
import { LAST_LEADER } from '../../src/lib/domain/roster';
import { authorize } from '../../src/lib/server/auth/access';
import { auditAccessRefusal } from '../../src/lib/server/auth/access-refusal-audit';
import { lookUpMember } from '../../src/lib/server/agency/member-lookup';
import { pull } from '../../src/lib/server/sync/pull';
import { push } from '../../src/lib/server/sync/push';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, seedAffiliation, seedAgency, seedCredential, seedPerson, seedVehicle, vehicleFields } from '../support/sync-seed';

/**
 * Issue 10, item 7 and its authorization tests: a leader of agency A can neither read nor change agency B's contact,
 * roster or vehicles through any mutation, pull or endpoint; a plain member changes nothing of their agency; every
 * refusal is an audit row. Also the roster rules the server checks with what it looks up.
 */
let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const today = new Date().toISOString().slice(0, 10);
let n = 0;
const ems = () => String(710000 + ++n);

async function world(a: string, b: string) {
	const leaderEms = ems();
	const memberEms = ems();
	const bMemberEms = ems();
	for (const e of [leaderEms, memberEms, bMemberEms]) {
		await seedPerson(t.db, e);
		await seedCredential(t.db, e);
	}
	const agencyA = await seedAgency(t.db, a);
	const agencyB = await seedAgency(t.db, b);
	const leads = await seedAffiliation(t.db, leaderEms, a, 'squad_leader');
	const member = await seedAffiliation(t.db, memberEms, a);
	const bMember = await seedAffiliation(t.db, bMemberEms, b);
	const bLeader = await seedAffiliation(t.db, ems(), b, 'squad_leader').catch(() => null);
	const bVehicle = await seedVehicle(t.db, b, 900 + n);
	return { leaderEms, memberEms, bMemberEms, agencyA, agencyB, leads, member, bMember, bLeader, bVehicle, leader: licensee(leaderEms, [a]), plain: licensee(memberEms) };
}

/** The HttpError SvelteKit's error() throws, caught to hand on. */
function notFound(): unknown {
	try {
		error(404, 'No');
	} catch (e) {
		return e;
	}
}

const refusals = async (accountId: string, event = 'change_refused') =>
	(await t.db.selectFrom('auditEvents').selectAll().where('accountId', '=', accountId).where('event', '=', event).execute()).map((r) => JSON.parse(r.detail ?? '{}'));

async function pushAs(user: ReturnType<typeof licensee>, mutations: Omit<Mutation, 'seq'>[]): Promise<MutationResult[]> {
	const r = await push(t.db, user, { clientId: crypto.randomUUID(), mutations: mutations.map((m, i) => ({ ...m, seq: i + 1 })) });
	return r.results;
}

describe('a leader of agency A and agency B', () => {
	it('cannot change B’s contact, roster or vehicles through any mutation, and each refusal is audited', async () => {
		const w = await world('A6001', 'A6002');
		await seedPerson(t.db, '719999');
		const results = await pushAs(w.leader, [
			{ table: 'agencies', id: 'A6002', op: 'update', baseRevision: w.agencyB.revision, changes: { phone: '7015550111' } },
			{ table: 'affiliations', id: w.bMember.id, op: 'update', baseRevision: w.bMember.revision, changes: { endedOn: today } },
			{ table: 'affiliations', id: w.bMember.id, op: 'update', baseRevision: w.bMember.revision, changes: { role: 'squad_leader' } },
			{ table: 'affiliations', id: crypto.randomUUID(), op: 'insert', baseRevision: null, changes: { agencyNumber: 'A6002', emsNumber: '719999', role: 'member', startedOn: today, endedOn: null } },
			{ table: 'vehicles', id: w.bVehicle.id, op: 'update', baseRevision: w.bVehicle.revision, changes: { make: 'Chevrolet' } },
			{ table: 'vehicles', id: crypto.randomUUID(), op: 'insert', baseRevision: null, changes: vehicleFields('A6002', 601) },
			{ table: 'affiliations', id: w.bMember.id, op: 'delete', baseRevision: w.bMember.revision, changes: {} }
		]);
		expect(results.map((r) => r.status)).toEqual(Array(7).fill('rejected'));
		// Nothing of B is disclosed in the answers.
		for (const r of results) expect(r).toMatchObject({ current: null });
		const audited = await refusals(w.leader.accountId);
		expect(audited).toHaveLength(7);
		expect(audited.map((d) => d.table)).toEqual(['agencies', 'affiliations', 'affiliations', 'affiliations', 'vehicles', 'vehicles', 'affiliations']);
		expect(audited[0]).toMatchObject({ recordId: 'A6002', op: 'update', fields: 'phone', reason: expect.stringContaining('squad leader') });

		const stored = await t.db.selectFrom('agencies').select('phone').where('number', '=', 'A6002').executeTakeFirstOrThrow();
		expect(stored.phone).toBe(w.agencyB.phone);
		expect((await t.db.selectFrom('vehicles').select('make').where('id', '=', w.bVehicle.id).executeTakeFirstOrThrow()).make).toBe(w.bVehicle.make);
	});

	it('pulls nothing of B: no agency row, roster, members, credentials or vehicles', async () => {
		const w = await world('A6003', 'A6004');
		const page = await pull(t.db, w.leader, 0, 5000);
		expect(page.rows.agencies.map((a) => a.number)).toEqual(['A6003']);
		expect(page.rows.affiliations.every((a) => a.agencyNumber === 'A6003')).toBe(true);
		expect(page.rows.vehicles.every((v) => v.agencyNumber === 'A6003')).toBe(true);
		expect(page.rows.persons.map((p) => p.emsNumber)).not.toContain(w.bMemberEms);
		expect(page.rows.credentials.map((c) => c.emsNumber)).not.toContain(w.bMemberEms);
		// A's member's credential does arrive: the roster shows level and expiration.
		expect(page.rows.credentials.map((c) => c.emsNumber)).toContain(w.memberEms);
	});

	it('is refused B’s agency page and member look-up by the hook, and the refusal is audited', async () => {
		const w = await world('A6005', 'A6006');
		for (const id of ['/(agency)/agency/[number]', '/(agency)/agency/[number]/contact', '/(agency)/agency/[number]/print', '/api/(agency)/agency/[number]/member-lookup']) {
			const url = new URL(`http://localhost${id.replace(/\/\([^)]*\)/g, '').replace('[number]', 'A6006')}`);
			const event = {
				route: { id },
				params: { number: 'A6006' },
				url,
				request: new Request(url, { headers: { accept: 'text/html' } }),
				locals: { user: w.leader, session: { id: 's', reauthenticatedAt: null } },
				getClientAddress: () => '127.0.0.1'
			} as unknown as RequestEvent;
			let refusal: unknown = null;
			try {
				authorize(event);
			} catch (e) {
				refusal = e;
			}
			expect(refusal, id).toMatchObject({ status: 403 });
			await auditAccessRefusal(event, refusal, async () => t.db);
			// Their own agency opens.
			expect(() => authorize({ ...event, params: { number: 'A6005' } } as unknown as RequestEvent)).not.toThrow();
		}
		const audited = await refusals(w.leader.accountId, 'access_refused');
		expect(audited.map((d) => d.path)).toEqual(['/agency/A6006', '/agency/A6006/contact', '/agency/A6006/print', '/api/agency/A6006/member-lookup']);
		// A redirect to sign in or a 404 is not a refusal of a person.
		await auditAccessRefusal({ locals: { user: w.leader }, route: { id: '/x' }, url: new URL('http://localhost/x'), getClientAddress: () => '' } as never, notFound(), async () => t.db);
		expect(await refusals(w.leader.accountId, 'access_refused')).toHaveLength(4);
	});
});

describe('a plain member of agency A', () => {
	it('cannot change anything of their agency, and each attempt is audited', async () => {
		const w = await world('A6007', 'A6008');
		const results = await pushAs(w.plain, [
			{ table: 'agencies', id: 'A6007', op: 'update', baseRevision: w.agencyA.revision, changes: { phone: '7015550122' } },
			{ table: 'affiliations', id: w.member.id, op: 'update', baseRevision: w.member.revision, changes: { role: 'squad_leader' } },
			{ table: 'affiliations', id: w.leads.id, op: 'update', baseRevision: w.leads.revision, changes: { endedOn: today } },
			{ table: 'affiliations', id: crypto.randomUUID(), op: 'insert', baseRevision: null, changes: { agencyNumber: 'A6007', emsNumber: w.bMemberEms, role: 'member', startedOn: today, endedOn: null } },
			{ table: 'vehicles', id: crypto.randomUUID(), op: 'insert', baseRevision: null, changes: vehicleFields('A6007', 602) }
		]);
		expect(results.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
		expect(await refusals(w.plain.accountId)).toHaveLength(5);
		// They see the agency's public facts and their own membership, never the roster.
		const page = await pull(t.db, w.plain, 0, 5000);
		expect(page.rows.agencies.map((a) => a.number)).toEqual(['A6007']);
		expect(page.rows.affiliations.map((a) => a.emsNumber)).toEqual([w.memberEms]);
		expect(page.rows.vehicles).toEqual([]);
		expect(page.rows.persons.map((p) => p.emsNumber)).toEqual([w.memberEms]);
	});
});

describe('roster changes the server checks', () => {
	it('adds an EMT at once, turns a Paramedic into a member_addition request, and refuses unknown and current people', async () => {
		const w = await world('A6009', 'A6010');
		const emt = ems();
		const medic = ems();
		await seedPerson(t.db, emt);
		await seedCredential(t.db, emt, { level: 'EMT' });
		await seedPerson(t.db, medic);
		await seedCredential(t.db, medic, { level: 'Paramedic', number: `P-${medic}` });
		const add = (emsNumber: string) => ({ table: 'affiliations' as const, id: crypto.randomUUID(), op: 'insert' as const, baseRevision: null, changes: { agencyNumber: 'A6009', emsNumber, role: 'member', startedOn: today, endedOn: null } });
		const medicAdd = add(medic);
		const results = await pushAs(w.leader, [add(emt), medicAdd, add('799999'), add(w.memberEms), add(medic)]);
		expect(results[0]).toMatchObject({ status: 'applied' });
		expect(results[1]).toMatchObject({ status: 'requested', message: expect.stringContaining('state EMS office') });
		expect(results[2]).toMatchObject({ status: 'rejected', reason: 'No one in the registry has ND EMS # 799999. Check the number and try again.', errors: { emsNumber: expect.any(String) } });
		expect(results[3]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('is already a current member of this agency') });
		expect(results[4]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('already waits for the state EMS office') });

		const request = await t.db.selectFrom('changeRequests').selectAll().where('kind', '=', 'member_addition').where('emsNumber', '=', medic).executeTakeFirstOrThrow();
		expect(request).toMatchObject({ status: 'pending', requestedBy: w.leader.accountId });
		expect(JSON.parse(request.changes)).toEqual({ id: medicAdd.id, agencyNumber: 'A6009', emsNumber: medic, role: 'member', startedOn: today });
		expect(await t.db.selectFrom('affiliations').select('id').where('emsNumber', '=', medic).execute()).toEqual([]);
		expect(await t.db.selectFrom('affiliations').select('role').where('emsNumber', '=', emt).where('agencyNumber', '=', 'A6009').execute()).toEqual([{ role: 'member' }]);
	});

	it('refuses ending or demoting the last leader, a duplicate unit number and an end date over 30 days ahead', async () => {
		const w = await world('A6011', 'A6012');
		const vehicle = await seedVehicle(t.db, 'A6011', 611);
		const far = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
		const results = await pushAs(w.leader, [
			{ table: 'affiliations', id: w.leads.id, op: 'update', baseRevision: w.leads.revision, changes: { role: 'member' } },
			{ table: 'affiliations', id: w.leads.id, op: 'update', baseRevision: w.leads.revision, changes: { endedOn: today } },
			{ table: 'affiliations', id: w.member.id, op: 'update', baseRevision: w.member.revision, changes: { endedOn: far } },
			{ table: 'vehicles', id: crypto.randomUUID(), op: 'insert', baseRevision: null, changes: { ...vehicleFields('A6011', 612), unitNumber: vehicle.unitNumber.toLowerCase() } }
		]);
		expect(results[0]).toMatchObject({ status: 'rejected', reason: LAST_LEADER, errors: { role: LAST_LEADER } });
		expect(results[1]).toMatchObject({ status: 'rejected', reason: LAST_LEADER });
		expect(results[2]).toMatchObject({ status: 'rejected', errors: { endedOn: 'End date can be at most 30 days from today.' } });
		expect(results[3]).toMatchObject({ status: 'rejected', errors: { unitNumber: `Unit number ${vehicle.unitNumber.toLowerCase()} is already used by another vehicle of this agency.` } });
	});

	it('lets exactly one of two leaders step down when both try at the same moment (20 rounds)', async () => {
		for (let round = 0; round < 20; round++) {
			const number = `A62${String(round).padStart(2, '0')}`;
			await seedAgency(t.db, number);
			const [x, y] = [ems(), ems()];
			await seedPerson(t.db, x);
			await seedPerson(t.db, y);
			const ax = await seedAffiliation(t.db, x, number, 'squad_leader');
			const ay = await seedAffiliation(t.db, y, number, 'squad_leader');
			const [rx, ry] = await Promise.all([
				push(t.db, licensee(x, [number]), { clientId: crypto.randomUUID(), mutations: [{ seq: 1, table: 'affiliations', id: ax.id, op: 'update', baseRevision: ax.revision, changes: { role: 'member' } }] }),
				push(t.db, licensee(y, [number]), { clientId: crypto.randomUUID(), mutations: [{ seq: 1, table: 'affiliations', id: ay.id, op: 'update', baseRevision: ay.revision, changes: { role: 'member' } }] })
			]);
			const statuses = [rx.results[0]!.status, ry.results[0]!.status].sort();
			expect(statuses, `round ${round}`).toEqual(['applied', 'rejected']);
			const leaders = await t.db.selectFrom('affiliations').select('id').where('agencyNumber', '=', number).where('role', '=', 'squad_leader').execute();
			expect(leaders).toHaveLength(1);
		}
	});

	it('looks up a person’s public facts only, and whether they are already current', async () => {
		const w = await world('A6013', 'A6014');
		const found = await lookUpMember(t.db, 'A6013', w.memberEms, today);
		expect(found).toEqual({ emsNumber: w.memberEms, name: expect.any(String), level: 'EMT', licenseNumber: `EMT-${w.memberEms}`, status: 'active', expiresOn: '2026-03-31', currentMember: true });
		expect(Object.keys(found!)).not.toContain('email');
		expect((await lookUpMember(t.db, 'A6013', w.bMemberEms, today))?.currentMember).toBe(false);
		expect(await lookUpMember(t.db, 'A6013', '799998', today)).toBeNull();
	});
});

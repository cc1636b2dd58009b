import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyFactsSchema, type AgencyFacts } from '../../src/lib/domain/agency-office-forms';
import { renewedAgencyExpiration } from '../../src/lib/domain/agency-license-cycle';
import { parseFieldRevisions } from '../../src/lib/domain/sync-conflicts';
import { createSession, validateSession } from '../../src/lib/server/auth/sessions';
import { verifyToken } from '../../src/lib/server/credentials/sign';
import { signedForPage } from '../../src/lib/server/credentials/signed-for-device';
import { loadSigningKey } from '../../src/lib/server/credentials/signing-key';
import { agencyRecord, applyAgencyAction, NO_SUCH_AGENCY } from '../../src/lib/server/office/agency-actions';
import { pull } from '../../src/lib/server/sync/pull';
import { addLicensee, addOffice, auditEvents } from '../support/account-fixtures';
import { seedAffiliation, seedAgency, seedPerson, seedVehicle } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
let staff: { accountId: string; email: string };
let staff2: { accountId: string; email: string };
const key = loadSigningKey({ dataDir: mkdtempSync(join(tmpdir(), 'ems-agency-key-')) });
const ctx = (who = staff, now?: Date) => ({ staffAccountId: who.accountId, ip: '127.0.0.1', now, signing: { key, origin: 'https://registry.test' } });
beforeAll(async () => {
	t = await createTestDatabase();
	staff = await addOffice(t.db);
	staff2 = await addOffice(t.db);
});
afterAll(async () => t?.dispose());

let n = 7100;
const nextAgency = () => `A${++n}`;

/** The form as the page fills it from the record, with some fields changed. */
async function factsOf(number: string, over: Partial<Record<keyof AgencyFacts, string>> = {}) {
	const a = await t.db.selectFrom('agencies').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
	const form = {
		name: a.name,
		type: a.type,
		parentNumber: a.parentNumber ?? '',
		contactPerson: a.contactPerson ?? '',
		medicalDirector: a.medicalDirector ?? '',
		phone: a.phone,
		email: a.email,
		street: a.street,
		street2: a.street2 ?? '',
		city: a.city,
		state: a.state,
		zip: a.zip,
		...over
	};
	return { facts: v.parse(agencyFactsSchema, form), baseRevision: Number(a.revision) };
}

/** The signed-in leader as the server sees them on their next request (leaderOf comes from the session query). */
async function sessionUser(accountId: string) {
	const { token } = await createSession(t.db, accountId);
	return (await validateSession(t.db, token))!.user;
}

describe('office agency actions', () => {
	it('edits the facts with the shared field rules, stamps field revisions, audits, and the leader pulls the change with a re-signed license', async () => {
		const number = nextAgency();
		await seedAgency(t.db, number);
		const leader = await addLicensee(t.db);
		await seedAffiliation(t.db, leader.emsNumber, number, 'squad_leader');
		const user = await sessionUser(leader.accountId);
		expect(user.leaderOf).toEqual([number]);
		const before = await pull(t.db, user, 0, 1000);

		// Bad input is refused beside the field by the schema (the page shows it), before any write.
		const bad = v.safeParse(agencyFactsSchema, { ...(await factsOf(number)).facts, phone: '12', type: 'hospital', parentNumber: '' });
		expect(bad.success).toBe(false);
		const nested = v.flatten(bad.issues!).nested!;
		expect(Object.keys(nested).sort()).toEqual(['phone', 'type']);

		const { facts, baseRevision } = await factsOf(number, { name: 'Renamed Ambulance Service', contactPerson: 'Dana Olson', city: 'Minot' });
		const done = await applyAgencyAction(t.db, { action: 'edit', agencyNumber: number, baseRevision, facts }, ctx());
		expect(done).toMatchObject({ ok: true, message: 'Saved: Agency name and Primary contact person.' });
		const row = await t.db.selectFrom('agencies').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ name: 'Renamed Ambulance Service', contactPerson: 'Dana Olson' });
		expect(parseFieldRevisions(row.fieldRevisions)?.name).toEqual([Number(row.revision), 'office']);
		const event = (await auditEvents(t.db, staff.accountId)).find((e) => e.event === 'agency_edited' && e.agencyNumber === number);
		expect(event?.detail).toContain('name,contactPerson');

		const after = await pull(t.db, user, before.cursor, 1000);
		expect(after.rows.agencies).toEqual([expect.objectContaining({ number, name: 'Renamed Ambulance Service' })]);
		const signed = await signedForPage(t.db, key, user, after, 'https://registry.test');
		expect(signed?.agencies?.[0]).toMatchObject({ agencyNumber: number, name: 'Renamed Ambulance Service' });
	});

	it('two staff editing the same agency at once: the second is told what changed since it opened the page, and nothing of the first is lost', async () => {
		const number = nextAgency();
		await seedAgency(t.db, number);
		const first = await factsOf(number, { name: 'First Staff Name' });
		const second = await factsOf(number, { name: 'Second Staff Name', phone: '701-555-0123' });
		const [a, b] = await Promise.all([
			applyAgencyAction(t.db, { action: 'edit', agencyNumber: number, ...first }, ctx(staff)),
			applyAgencyAction(t.db, { action: 'edit', agencyNumber: number, ...second }, ctx(staff2))
		]);
		const results = [a, b];
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		const refused = results.find((r) => !r.ok);
		expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/^Since you opened this page, Agency name changed .* Nothing was saved/) });
		const row = await t.db.selectFrom('agencies').select(['name', 'phone']).where('number', '=', number).executeTakeFirstOrThrow();
		// Whichever won, its whole edit stands; the loser's phone did not slip in beside the winner's name.
		expect(row).toEqual(row.name === 'First Staff Name' ? { name: 'First Staff Name', phone: '+17015550199' } : { name: 'Second Staff Name', phone: '+17015550123' });
		expect(await auditEvents(t.db)).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'office_refused', agencyNumber: number })]));
		// A field nobody else touched may still be saved from the older form.
		const contact = await applyAgencyAction(t.db, { action: 'edit', agencyNumber: number, baseRevision: first.baseRevision, facts: { ...(await factsOf(number)).facts, medicalDirector: 'Dr. Lee' } }, ctx(staff2));
		expect(contact).toMatchObject({ ok: true });
	});

	it('refuses tampered input with a sentence: an unknown agency, a substation without an ALS parent, nothing changed', async () => {
		const number = nextAgency();
		await seedAgency(t.db, number);
		const { facts, baseRevision } = await factsOf(number);
		expect(await applyAgencyAction(t.db, { action: 'edit', agencyNumber: 'A0000', baseRevision, facts }, ctx())).toEqual({ ok: false, reason: NO_SUCH_AGENCY, field: undefined });
		expect(await applyAgencyAction(t.db, { action: 'edit', agencyNumber: number, baseRevision, facts }, ctx())).toMatchObject({ ok: false, reason: expect.stringContaining('Nothing was changed') });
		const sub = await factsOf(number, { type: 'als_substation', parentNumber: number });
		expect(await applyAgencyAction(t.db, { action: 'edit', agencyNumber: number, ...sub }, ctx())).toMatchObject({ ok: false, field: 'parentNumber', reason: `${number} is not an ALS ground ambulance service in the registry.` });
		expect(await applyAgencyAction(t.db, { action: 'renew', agencyNumber: 'A0000', expiresOn: '2027-06-30' }, ctx())).toMatchObject({ ok: false, reason: NO_SUCH_AGENCY });
		expect(await applyAgencyAction(t.db, { action: 'grant', agencyNumber: number, emsNumber: '99999999' }, ctx())).toMatchObject({ ok: false, field: 'emsNumber', reason: 'No one in the registry has ND EMS # 99999999.' });
		const refusals = (await auditEvents(t.db, staff.accountId)).filter((e) => e.event === 'office_refused' && e.agencyNumber === number);
		expect(refusals.length).toBeGreaterThanOrEqual(3);
	});

	it('renews the license one cycle to June 30, keeps the old expiration in history, re-signs it; two staff at once renew it once', async () => {
		expect(renewedAgencyExpiration('2027-06-30', '2026-12-02')).toBe('2029-06-30');
		expect(renewedAgencyExpiration('2020-06-30', '2026-12-02')).toBe('2028-06-30');
		const number = nextAgency();
		await seedAgency(t.db, number, { licenseExpiresOn: '2027-06-30' });
		const now = new Date('2026-12-02T15:00:00Z');
		const [a, b] = await Promise.all([
			applyAgencyAction(t.db, { action: 'renew', agencyNumber: number, expiresOn: '2027-06-30' }, ctx(staff, now)),
			applyAgencyAction(t.db, { action: 'renew', agencyNumber: number, expiresOn: '2027-06-30' }, ctx(staff2, now))
		]);
		const ok = [a, b].filter((r) => r.ok);
		expect(ok).toHaveLength(1);
		expect(ok[0]).toMatchObject({ message: `AL-${number.slice(1)} is renewed to 2029-06-30.` });
		expect([a, b].find((r) => !r.ok)).toMatchObject({ reason: 'This license was already renewed while you had the page open: it now expires 2029-06-30. Nothing was changed.' });
		const row = await t.db.selectFrom('agencies').select(['licenseExpiresOn', 'fieldRevisions', 'revision']).where('number', '=', number).executeTakeFirstOrThrow();
		expect(row.licenseExpiresOn).toBe('2029-06-30');
		expect(parseFieldRevisions(row.fieldRevisions)?.licenseExpiresOn).toEqual([Number(row.revision), 'office']);
		const history = await t.db.selectFrom('agencyLicenseHistory').selectAll().where('agencyNumber', '=', number).execute();
		expect(history).toEqual([expect.objectContaining({ licenseNumber: `AL-${number.slice(1)}`, expiresOn: '2027-06-30' })]);
		// The license the office hands out at once is signed with the new date.
		const signed = ok[0]!.ok ? ok[0]!.signed : null;
		expect(signed).toMatchObject({ agencyNumber: number, licenseExpiresOn: '2029-06-30' });
		expect(verifyToken(signed!.token, { [key.keyId]: key.publicKey })?.claims.expiresOn).toBe('2029-06-30');
		const record = await agencyRecord(t.db, number);
		expect(record?.history[0]).toMatchObject({ expiresOn: '2027-06-30', replacedBy: expect.stringMatching(/^office\d+@example.org$/) });
		expect((await auditEvents(t.db)).filter((e) => e.event === 'agency_license_renewed' && e.agencyNumber === number)).toHaveLength(1);
	});

	it('grants and removes the squad-leader role: the leader’s device then sees, and stops seeing, the agency’s roster and vehicles', async () => {
		const number = nextAgency();
		await seedAgency(t.db, number);
		await seedVehicle(t.db, number, 1);
		const other = await seedPerson(t.db, '871001');
		await seedAffiliation(t.db, other.emsNumber, number, 'member');
		// A member with an account becomes leader; a person with an account who is not a member joins as leader.
		const member = await addLicensee(t.db);
		await seedAffiliation(t.db, member.emsNumber, number, 'member');
		const outsider = await addLicensee(t.db);

		const asMember = await sessionUser(member.accountId);
		const first = await pull(t.db, asMember, 0, 1000);
		expect(first.rows.vehicles).toHaveLength(0);

		expect(await applyAgencyAction(t.db, { action: 'grant', agencyNumber: number, emsNumber: member.emsNumber }, ctx())).toMatchObject({ ok: true, message: expect.stringContaining('is now a squad leader of') });
		expect(await applyAgencyAction(t.db, { action: 'grant', agencyNumber: number, emsNumber: member.emsNumber }, ctx(staff2))).toMatchObject({ ok: false, reason: expect.stringContaining('is already a squad leader') });
		const asLeader = await sessionUser(member.accountId);
		expect(asLeader.leaderOf).toEqual([number]);
		// The scope changed, so the device starts over and pulls the agency's roster and vehicles.
				const led = await pull(t.db, asLeader, 0, 1000);
		expect(led.scope).not.toBe(first.scope);
		expect(led.rows.vehicles).toHaveLength(1);
		expect(led.rows.affiliations.map((a) => a.emsNumber)).toContain(other.emsNumber);
		expect((await signedForPage(t.db, key, asLeader, led, 'https://registry.test'))?.agencies?.[0]?.agencyNumber).toBe(number);

		const joined = await applyAgencyAction(t.db, { action: 'grant', agencyNumber: number, emsNumber: outsider.emsNumber }, ctx());
		expect(joined).toMatchObject({ ok: true, message: expect.stringContaining('They were added as a member from today.') });
		expect((await sessionUser(outsider.accountId)).leaderOf).toEqual([number]);

		expect(await applyAgencyAction(t.db, { action: 'remove', agencyNumber: number, emsNumber: member.emsNumber }, ctx())).toMatchObject({ ok: true, message: expect.stringContaining('no longer a squad leader') });
		expect(await applyAgencyAction(t.db, { action: 'remove', agencyNumber: number, emsNumber: member.emsNumber }, ctx())).toMatchObject({ ok: false, reason: expect.stringContaining('is not a squad leader') });
		const demoted = await sessionUser(member.accountId);
		expect(demoted.leaderOf).toEqual([]);
		const again = await pull(t.db, demoted, 0, 1000);
		expect(again.scope).not.toBe(led.scope);
		expect(again.rows.vehicles).toHaveLength(0);
		expect(again.rows.affiliations.map((a) => a.emsNumber)).toEqual([member.emsNumber]);
		const events = (await auditEvents(t.db)).filter((e) => e.agencyNumber === number).map((e) => e.event);
		expect(events).toEqual(expect.arrayContaining(['squad_leader_granted', 'squad_leader_removed']));
	});

	it('two staff granting the same person at once make one membership', async () => {
		const number = nextAgency();
		await seedAgency(t.db, number);
		const person = await addLicensee(t.db);
		const results = await Promise.all([
			applyAgencyAction(t.db, { action: 'grant', agencyNumber: number, emsNumber: person.emsNumber }, ctx(staff)),
			applyAgencyAction(t.db, { action: 'grant', agencyNumber: number, emsNumber: person.emsNumber }, ctx(staff2))
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		const rows = await t.db.selectFrom('affiliations').select('role').where('agencyNumber', '=', number).where('emsNumber', '=', person.emsNumber).execute();
		expect(rows).toEqual([{ role: 'squad_leader' }]);
	});
});

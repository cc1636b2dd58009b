import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../src/lib/server/credentials/signing-key';
import { applyLicensingAction } from '../../src/lib/server/office/licensing-actions';
import { searchAgencies, searchPeople } from '../../src/lib/server/office/people-search';
import { pull } from '../../src/lib/server/sync/pull';
import { signedForPage } from '../../src/lib/server/credentials/signed-for-device';
import { publicRecordByNumber } from '../../src/lib/server/verify/public-records';
import { verifyToken } from '../../src/lib/server/credentials/sign';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addOffice, auditEvents } from '../support/account-fixtures';
import { licensee, seedAgency, seedCredential, seedPerson } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
let staff: { accountId: string };
const key = loadSigningKey({ dataDir: mkdtempSync(join(tmpdir(), 'ems-office-key-')) });
const ctx = () => ({ staffAccountId: staff.accountId, signing: { key, origin: 'https://registry.test' } });
beforeAll(async () => {
	t = await createTestDatabase();
	staff = await addOffice(t.db);
});
afterAll(async () => t?.dispose());

describe('licensing actions', () => {
	it('suspend needs a reason; suspending shows at once on the public status with its day, restore makes it active again', async () => {
		const p = await seedPerson(t.db, '810001');
		const c = await seedCredential(t.db, '810001', { level: 'Paramedic', number: 'P-810001', expiresOn: '2028-03-31' });
		expect(await applyLicensingAction(t.db, { action: 'suspend', credentialId: c.id, reason: ' ' }, ctx())).toMatchObject({ ok: false, field: 'reason' });

		const cursor = (await pull(t.db, licensee(p.emsNumber), 0, 1000)).cursor;
		const now = new Date('2026-12-02T15:00:00Z');
		const suspended = await applyLicensingAction(t.db, { action: 'suspend', credentialId: c.id, reason: 'Under investigation' }, { ...ctx(), now });
		expect(suspended).toMatchObject({ ok: true });
		expect(await publicRecordByNumber(t.db, 'P-810001', now)).toMatchObject({ status: 'suspended', statusChangedOn: '2026-12-02' });

		// The device's next pull carries the credential and a freshly signed license.
		const page = await pull(t.db, licensee(p.emsNumber), cursor, 1000);
		expect(page.rows.credentials).toEqual([expect.objectContaining({ id: c.id, status: 'suspended' })]);
		const signed = await signedForPage(t.db, key, licensee(p.emsNumber), page, 'https://registry.test', now);
		expect(signed?.license).toMatchObject({ credentialNumber: 'P-810001', status: 'suspended' });
		if (suspended.ok) expect(suspended.signed?.verifyUrl).toMatch(/^HTTPS:\/\/REGISTRY\.TEST\/V\/\d+$/);

		expect(await applyLicensingAction(t.db, { action: 'restore', credentialId: c.id, reason: '' }, { ...ctx(), now })).toMatchObject({ ok: true });
		expect(await publicRecordByNumber(t.db, 'P-810001', now)).toMatchObject({ status: 'active' });
		const events = (await auditEvents(t.db, staff.accountId)).filter((e) => e.emsNumber === '810001').map((e) => e.event);
		expect(events).toEqual(['credential_suspended', 'credential_restored']);
	});

	it('revoke is final until restored, renew moves the expiration by the cycle, issue numbers a new credential', async () => {
		await seedPerson(t.db, '810002');
		const c = await seedCredential(t.db, '810002', { level: 'EMT', number: 'EMT-810002', expiresOn: '2027-03-31' });
		const now = new Date('2026-12-02T15:00:00Z');
		expect(await applyLicensingAction(t.db, { action: 'renew', credentialId: c.id }, { ...ctx(), now })).toMatchObject({ ok: true });
		const renewed = await t.db.selectFrom('credentials').select(['expiresOn', 'issuedOn', 'status']).where('id', '=', c.id).executeTakeFirstOrThrow();
		expect(renewed).toEqual({ expiresOn: '2029-03-31', issuedOn: '2026-12-02', status: 'active' });

		expect(await applyLicensingAction(t.db, { action: 'revoke', credentialId: c.id, reason: 'Fraud' }, { ...ctx(), now })).toMatchObject({ ok: true });
		expect(await publicRecordByNumber(t.db, 'EMT-810002', now)).toMatchObject({ status: 'revoked', statusChangedOn: '2026-12-02' });
		expect(await applyLicensingAction(t.db, { action: 'renew', credentialId: c.id }, { ...ctx(), now })).toMatchObject({ ok: false });
		expect(await applyLicensingAction(t.db, { action: 'suspend', credentialId: c.id, reason: 'x' }, { ...ctx(), now })).toMatchObject({ ok: false });

		expect(await applyLicensingAction(t.db, { action: 'issue', emsNumber: '810002', level: 'Paramedic', nremtNumber: null }, ctx())).toMatchObject({ ok: false, field: 'nremtNumber' });
		const issued = await applyLicensingAction(t.db, { action: 'issue', emsNumber: '810002', level: 'Paramedic', nremtNumber: 'P7654321' }, { ...ctx(), now });
		expect(issued).toMatchObject({ ok: true });
		if (!issued.ok) return;
		const row = await t.db.selectFrom('credentials').selectAll().where('id', '=', issued.credentialId).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ level: 'Paramedic', status: 'active', issuedOn: '2026-12-02', expiresOn: '2029-03-31' });
		expect(row.number).toMatch(/^P-\d{6}$/);
		expect(issued.signed?.credentialNumber).toBe(row.number);
		expect(verifyToken(issued.signed!.token, { [key.keyId]: key.publicKey })?.claims.number).toBe(row.number);
	});

	it('an unknown credential is refused and audited', async () => {
		expect(await applyLicensingAction(t.db, { action: 'suspend', credentialId: 'nope', reason: 'x' }, ctx())).toMatchObject({ ok: false });
		expect((await auditEvents(t.db, staff.accountId)).at(-1)).toMatchObject({ event: 'office_refused' });
	});
});

describe('office search', () => {
	it('finds people by ND EMS #, license number, email and name, and agencies by name and number', async () => {
		await seedPerson(t.db, '820001', { firstName: 'Ingrid', lastName: 'Solberg', email: 'ingrid.solberg@example.org' });
		await seedPerson(t.db, '820002', { firstName: 'Ole', lastName: 'Solheim' });
		await seedCredential(t.db, '820001', { number: 'EMT-820001' });
		await seedAgency(t.db, 'A8201', { name: 'Prairie Rose Ambulance' });
		const ems = (q: string) => searchPeople(t.db, q).then((r) => r.map((p) => p.emsNumber));
		expect(await ems('820001')).toEqual(['820001']);
		expect(await ems('emt-820001')).toEqual(['820001']);
		expect(await ems('Ingrid.Solberg@')).toEqual(['820001']);
		expect(await ems('sol')).toEqual(expect.arrayContaining(['820001', '820002']));
		expect(await ems('ingrid sol')).toEqual(['820001']);
		expect(await ems('solberg, ing')).toEqual(['820001']);
		expect(await ems('o%')).toEqual([]);
		expect((await searchPeople(t.db, '820001'))[0]?.credentials[0]?.number).toBe('EMT-820001');
		expect((await searchAgencies(t.db, 'prairie r')).map((a) => a.number)).toEqual(['A8201']);
		expect((await searchAgencies(t.db, 'a8201')).map((a) => a.number)).toEqual(['A8201']);
	});
});

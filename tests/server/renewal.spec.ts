import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideRequest } from '../../src/lib/server/office/decide-request';
import { push } from '../../src/lib/server/sync/push';
import { pull } from '../../src/lib/server/sync/pull';
import { ONE_PER_CYCLE } from '../../src/lib/server/renewal/renewal-request';
import { renewalMutation } from '../../src/lib/domain/renewal-application';
import { storeRequestDocument } from '../../src/lib/server/change-requests/documents';
import { addLicensee, addOffice } from '../support/account-fixtures';
import { seedAffiliation, seedAgency, seedCredential } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { seedEmrCe } from '../support/emr-ce';
import type { SessionUser } from '../../src/lib/domain/session-user';

let t: TestDatabase;
let staff: { accountId: string; email: string };
const NOW = '2026-11-15T12:00:00.000Z';
const TODAY = NOW.slice(0, 10);
let agencies = 0;

beforeAll(async () => {
	t = await createTestDatabase();
	staff = await addOffice(t.db);
});
afterAll(async () => t?.dispose());

/** A licensee with one credential and a current membership, as the renewal page sees them. */
async function licenseeWith(level: 'EMR' | 'Paramedic', over: Record<string, unknown> = {}) {
	const p = await addLicensee(t.db);
	const agency = `R${9100 + ++agencies}`;
	await seedAgency(t.db, agency);
	await seedAffiliation(t.db, p.emsNumber, agency);
	const credential =
		level === 'EMR'
			? await seedCredential(t.db, p.emsNumber, { level: 'EMR', number: `EMR-${p.emsNumber}`, issuedOn: '2025-07-01', expiresOn: '2027-06-30', nremtNumber: null, nremtExpiresOn: null, ...over })
			: await seedCredential(t.db, p.emsNumber, { level: 'Paramedic', number: `P-${p.emsNumber}`, issuedOn: '2025-04-01', expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31', ...over });
	const user: SessionUser = { accountId: p.accountId, role: 'licensee', emsNumber: p.emsNumber, email: p.email, leaderOf: [] };
	return { p, user, credential, agency };
}

const draftFor = (agency: string, over: Record<string, unknown> = {}) => ({
	credentialId: '',
	nremtExpiresOn: '2029-03-31',
	criminalHistory: true,
	practiceLimitations: true,
	agencyNumber: agency,
	hasCard: true,
	...over
});

let seq = 0;
async function submit(user: SessionUser, credential: { id: string; level: string; expiresOn: string; nremtExpiresOn: string | null; revision: number }, draft: ReturnType<typeof draftFor>, clientId = crypto.randomUUID()) {
	const { changes, reason } = renewalMutation({ ...draft, credentialId: credential.id }, credential, TODAY);
	const answer = await push(
		t.db,
		user,
		{ clientId, mutations: [{ seq: ++seq, table: 'credentials', id: credential.id, op: 'update', baseRevision: Number(credential.revision), changes, reason }] },
		{ now: () => NOW }
	);
	return answer.results[0]!;
}

describe('renewal applications', () => {
	it('a Paramedic’s renewal is filed for the office; approval keeps the number, sets the new expiration and keeps the old one in history', async () => {
		const { user, credential, agency } = await licenseeWith('Paramedic');
		const result = await submit(user, credential, draftFor(agency));
		expect(result.status).toBe('requested');
		if (result.status !== 'requested') return;
		const row = await t.db.selectFrom('changeRequests').selectAll().where('id', '=', result.requestId).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ kind: 'renewal', emsNumber: user.emsNumber, status: 'pending', reason: null });
		expect(JSON.parse(row.changes)).toMatchObject({ credentialId: credential.id, currentExpiresOn: '2027-03-31', nremtExpiresOn: '2029-03-31', newExpiresOn: '2029-03-31', agencyNumber: agency });
		// The NREMT certificate may be its PDF, judged by its bytes; a file that only says it is one is refused.
		const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
		const upload = { requestId: result.requestId, contentType: 'application/pdf', fileName: 'nremt-certificate.pdf' };
		expect(await storeRequestDocument(t.db, user, { ...upload, bytes: new TextEncoder().encode('just some text') })).toMatchObject({ ok: false, status: 415 });
		expect(await storeRequestDocument(t.db, user, { ...upload, bytes: pdf })).toEqual({ ok: true });
		expect(await t.db.selectFrom('changeRequestDocuments').select(['contentType', 'fileName']).where('requestId', '=', result.requestId).executeTakeFirstOrThrow()).toEqual({ contentType: 'application/pdf', fileName: 'nremt-certificate.pdf' });
		// The credential itself is untouched until the office decides.
		expect((await t.db.selectFrom('credentials').select('expiresOn').where('id', '=', credential.id).executeTakeFirstOrThrow()).expiresOn).toBe('2027-03-31');

		const decided = await decideRequest(t.db, { requestId: result.requestId, decision: 'approve', note: '', staff, now: new Date(NOW), deliver: async () => {} });
		expect(decided.ok).toBe(true);
		const after = await t.db.selectFrom('credentials').selectAll().where('id', '=', credential.id).executeTakeFirstOrThrow();
		expect(after).toMatchObject({ number: credential.number, status: 'active', expiresOn: '2029-03-31', nremtExpiresOn: '2029-03-31', issuedOn: TODAY });
		const history = await t.db.selectFrom('credentialHistory').selectAll().where('credentialId', '=', credential.id).execute();
		expect(history).toEqual([expect.objectContaining({ expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31', issuedOn: '2025-04-01', requestId: result.requestId })]);

		// The device learns both on its next pull: the credential's new dates and the approved request.
		const page = await pull(t.db, user, 0, 1000, { now: new Date(NOW) });
		expect(page.rows.credentials.find((c) => c.id === credential.id)).toMatchObject({ expiresOn: '2029-03-31' });
		expect(page.requests?.find((r) => r.id === result.requestId)).toMatchObject({ kind: 'renewal', table: 'credentials', recordId: credential.id, status: 'approved' });
	});

	it('refuses a second application for the same cycle, also when two arrive at once', async () => {
		const { user, credential, agency } = await licenseeWith('Paramedic');
		const [a, b] = await Promise.all([submit(user, credential, draftFor(agency)), submit(user, credential, draftFor(agency))]);
		const statuses = [a.status, b.status].sort();
		expect(statuses).toEqual(['rejected', 'requested']);
		const refused = a.status === 'rejected' ? a : b;
		expect(refused.status === 'rejected' && refused.reason).toBe(ONE_PER_CYCLE);
		expect(await t.db.selectFrom('changeRequests').select('id').where('emsNumber', '=', user.emsNumber).where('kind', '=', 'renewal').execute()).toHaveLength(1);
	});

	it('a returned application can be corrected and submitted again', async () => {
		const { user, credential, agency } = await licenseeWith('Paramedic');
		const first = await submit(user, credential, draftFor(agency, { nremtExpiresOn: '2029-03-30' }));
		if (first.status !== 'requested') throw new Error(first.status);
		const returned = await decideRequest(t.db, { requestId: first.requestId, decision: 'return', note: 'The card says March 31, 2029.', staff, now: new Date(NOW), deliver: async () => {} });
		expect(returned).toMatchObject({ ok: true, status: 'rejected' });
		const page = await pull(t.db, user, 0, 1000, { now: new Date(NOW) });
		expect(page.requests?.find((r) => r.id === first.requestId)).toMatchObject({ status: 'rejected', decisionNote: 'The card says March 31, 2029.' });
		const again = await submit(user, credential, draftFor(agency));
		expect(again.status).toBe('requested');
	});

	it('refuses bad input with a sentence per field', async () => {
		const { user, credential, agency } = await licenseeWith('Paramedic');
		const early = await submit(user, credential, draftFor(agency, { nremtExpiresOn: '2027-03-31' }));
		expect(early).toMatchObject({ status: 'rejected', errors: { nremtExpiresOn: expect.stringContaining('after the one on file') } });
		const far = await submit(user, credential, draftFor(agency, { nremtExpiresOn: '2030-03-31' }));
		expect(far).toMatchObject({ status: 'rejected', errors: { nremtExpiresOn: expect.stringContaining('more than 3 years') } });
		const unattested = await submit(user, credential, draftFor(agency, { criminalHistory: false }));
		expect(unattested).toMatchObject({ status: 'rejected', errors: { criminalHistory: expect.any(String) } });
		const stranger = await submit(user, credential, draftFor('R0000'));
		expect(stranger).toMatchObject({ status: 'rejected', errors: { agencyNumber: 'Choose an agency you are a current member of.' } });
		// Someone else's credential is not theirs to renew.
		const other = await licenseeWith('Paramedic');
		const notMine = await submit(user, other.credential, draftFor(agency));
		expect(notMine.status).toBe('rejected');
		expect(await t.db.selectFrom('changeRequests').select('id').where('emsNumber', 'in', [user.emsNumber!, other.user.emsNumber!]).execute()).toHaveLength(0);
	});

	it('refuses before the window opens', async () => {
		const { user, credential, agency } = await licenseeWith('Paramedic', { expiresOn: '2028-03-31', nremtExpiresOn: '2028-03-31' });
		const result = await submit(user, credential, draftFor(agency, { nremtExpiresOn: '2029-03-31' }));
		expect(result).toMatchObject({ status: 'rejected', reason: 'Not sent: Renewal opens October 1, 2027.' });
	});

	it('a North Dakota EMR renews the state certification to June 30 two years on', async () => {
		const { user, credential, agency } = await licenseeWith('EMR', { expiresOn: '2027-06-30' });
		await seedEmrCe(t.db, user.emsNumber!, '2026-05-10');
		// The window opens January 1, 2027: submit then.
		const { changes, reason } = renewalMutation({ ...draftFor(agency, { nremtExpiresOn: '', hasCard: false }), credentialId: credential.id }, credential, '2027-02-01');
		expect(changes).toEqual({ expiresOn: '2029-06-30' });
		const answer = await push(
			t.db,
			user,
			{ clientId: crypto.randomUUID(), mutations: [{ seq: 1, table: 'credentials', id: credential.id, op: 'update', baseRevision: Number(credential.revision), changes, reason }] },
			{ now: () => '2027-02-01T09:00:00.000Z' }
		);
		const result = answer.results[0]!;
		if (result.status !== 'requested') throw new Error(JSON.stringify(result));
		await decideRequest(t.db, { requestId: result.requestId, decision: 'approve', note: '', staff, now: new Date('2027-02-02T09:00:00Z'), deliver: async () => {} });
		expect(await t.db.selectFrom('credentials').select(['number', 'expiresOn', 'nremtExpiresOn']).where('id', '=', credential.id).executeTakeFirstOrThrow()).toEqual({
			number: credential.number,
			expiresOn: '2029-06-30',
			nremtExpiresOn: null
		});
	});

	it('refuses an EMR whose CE the server does not count as complete under the 2016 model, whatever the device said', async () => {
		const { user, credential, agency } = await licenseeWith('EMR', { expiresOn: '2027-06-30' });
		// Four local hours short: the device could claim anything; the server counts the entries it holds.
		await seedEmrCe(t.db, user.emsNumber!, '2026-05-10', true);
		const { changes, reason } = renewalMutation({ ...draftFor(agency, { nremtExpiresOn: '', hasCard: false }), credentialId: credential.id }, credential, '2027-02-01');
		const send = (seq: number) =>
			push(
				t.db,
				user,
				{ clientId: `ce-${user.emsNumber}`, mutations: [{ seq, table: 'credentials', id: credential.id, op: 'update', baseRevision: Number(credential.revision), changes, reason }] },
				{ now: () => '2027-02-01T09:00:00.000Z' }
			);
		const refused = (await send(1)).results[0]!;
		expect(refused).toMatchObject({ status: 'rejected', errors: { ce: expect.stringMatching(/^Your continuing education is not complete under the NCCP 2016 model: .*[Ll]ocal/) } });
		expect(refused.status === 'rejected' && refused.reason).toMatch(/^Not sent: Your continuing education is not complete/);
		expect(await t.db.selectFrom('changeRequests').select('id').where('emsNumber', '=', user.emsNumber!).execute()).toHaveLength(0);
		// The missing local hours synced: the same application goes through.
		await t.db.insertInto('ceEntries').values({ id: crypto.randomUUID(), emsNumber: user.emsNumber!, title: 'Squad training', provider: 'Squad', completedOn: '2026-06-01', hours: 4, format: 'F1', component: 'local', topic: null, pediatric: 0, courseNumber: null, certificate: null, revision: 1, updatedAt: '2026-06-01T00:00:00Z', deletedAt: null, fieldRevisions: null }).execute();
		expect((await send(2)).results[0]).toMatchObject({ status: 'requested' });
	});
});

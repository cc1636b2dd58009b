import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../src/lib/server/messages/outbox';
import { decideRequest, NOTE_REQUIRED, NOT_FOUND } from '../../src/lib/server/office/decide-request';
import { requestDetail, reviewQueue } from '../../src/lib/server/office/review-queue';
import { push } from '../../src/lib/server/sync/push';
import { pull } from '../../src/lib/server/sync/pull';
import { parseFieldRevisions } from '../../src/lib/domain/sync-conflicts';
import { addLicensee, addOffice, auditEvents } from '../support/account-fixtures';
import { seedAffiliation, seedAgency, seedPerson } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import type { SessionUser } from '../../src/lib/domain/session-user';

let t: TestDatabase;
let staff: { accountId: string; email: string };
let staff2: { accountId: string; email: string };
beforeAll(async () => {
	t = await createTestDatabase();
	staff = await addOffice(t.db);
	staff2 = await addOffice(t.db);
});
afterAll(async () => t?.dispose());

const asUser = (p: { accountId: string; emsNumber: string; email: string }, leaderOf: string[] = []): SessionUser => ({
	accountId: p.accountId,
	role: 'licensee',
	emsNumber: p.emsNumber,
	email: p.email,
	leaderOf
});

/** A licensee asks for a legal name change through sync, as the Edit page does. */
async function askNameChange(lastName: string) {
	const person = await addLicensee(t.db);
	const user = asUser(person);
	const row = await t.db.selectFrom('persons').select('revision').where('emsNumber', '=', person.emsNumber).executeTakeFirstOrThrow();
	const answer = await push(t.db, user, {
		clientId: crypto.randomUUID(),
		mutations: [{ seq: 1, table: 'persons', id: person.emsNumber, op: 'update', baseRevision: Number(row.revision), changes: { lastName }, reason: 'Marriage' }]
	});
	const result = answer.results[0]!;
	if (result.status !== 'requested') throw new Error(`expected a request, got ${result.status}`);
	return { person, user, requestId: result.requestId };
}

/** A squad leader's AEMT/Paramedic addition as issue 10 stores it (written straight to the table here). */
async function askMemberAddition(agencyNumber: string) {
	const leader = await addLicensee(t.db);
	const member = await seedPerson(t.db, String(700000 + Math.floor(Math.random() * 99999)));
	const id = crypto.randomUUID();
	const affiliationId = crypto.randomUUID();
	const rev = await t.db.updateTable('counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', 'revision').returning('value').executeTakeFirstOrThrow();
	const now = new Date().toISOString();
	await t.db
		.insertInto('changeRequests')
		.values({
			id,
			emsNumber: member.emsNumber,
			kind: 'member_addition',
			changes: JSON.stringify({ id: affiliationId, agencyNumber, emsNumber: member.emsNumber, role: 'member', startedOn: '2026-11-01' }),
			reason: null,
			requestedBy: leader.accountId,
			requestedAt: now,
			decidedBy: null,
			decidedAt: null,
			decisionNote: null,
			revision: Number(rev.value),
			updatedAt: now,
			deletedAt: null
		})
		.execute();
	return { leader: asUser(leader, [agencyNumber]), member, id, affiliationId };
}

describe('office review queue', () => {
	it('lists waiting requests oldest first with counts per kind, and filters by kind', async () => {
		const first = await askNameChange('Queue-First');
		await seedAgency(t.db, 'A9001');
		const addition = await askMemberAddition('A9001');
		const all = await reviewQueue(t.db, null);
		const ids = all.items.map((i) => i.id);
		expect(ids.indexOf(first.requestId)).toBeLessThan(ids.indexOf(addition.id));
		expect(all.counts.name).toBeGreaterThanOrEqual(1);
		expect(all.counts.member_addition).toBeGreaterThanOrEqual(1);
		const names = await reviewQueue(t.db, 'name');
		expect(names.items.every((i) => i.kind === 'name')).toBe(true);
		expect(names.items.find((i) => i.id === first.requestId)?.summary).toContain('Queue-First');
		const detail = await requestDetail(t.db, addition.id);
		expect(detail?.agency?.number).toBe('A9001');
		expect(detail?.requestedBy.emsNumber).toBe(addition.leader.emsNumber);
	});

	it('approving a name change renames the person in one revision, audits it, emails the asker and reaches their device', async () => {
		const { person, user, requestId } = await askNameChange('Approved-Name');
		const before = await pull(t.db, user, 0, 1000);
		const sent: OutgoingMessage[] = [];
		const result = await decideRequest(t.db, { requestId, decision: 'approve', note: '', staff, deliver: async (m) => void sent.push(m) });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const row = await t.db.selectFrom('persons').select(['lastName', 'revision', 'fieldRevisions']).where('emsNumber', '=', person.emsNumber).executeTakeFirstOrThrow();
		expect(row.lastName).toBe('Approved-Name');
		expect(Number(row.revision)).toBe(result.revision);
		expect(parseFieldRevisions(row.fieldRevisions)?.lastName).toEqual([result.revision, 'office']);
		expect(sent).toHaveLength(1);
		expect(sent[0]!.to).toBe(person.email);
		expect(sent[0]!.text).toContain('approved');

		const after = await pull(t.db, user, before.cursor, 1000);
		expect(after.rows.persons[0]?.lastName).toBe('Approved-Name');
		expect(after.requests).toEqual([expect.objectContaining({ id: requestId, status: 'approved', table: 'persons', recordId: person.emsNumber, kind: 'name' })]);
		// Another licensee's pull does not carry it.
		const other = await addLicensee(t.db);
		expect((await pull(t.db, asUser(other), 0, 1000)).requests).toBeUndefined();

		const events = await auditEvents(t.db, staff.accountId);
		expect(events.find((e) => e.event === 'request_approved' && e.detail?.includes(requestId))).toMatchObject({ emsNumber: person.emsNumber });
	});

	it('returning needs a reason: without one nothing changes and the refusal is audited', async () => {
		const { person, user, requestId } = await askNameChange('Returned-Name');
		const refused = await decideRequest(t.db, { requestId, decision: 'return', note: '   ', staff, deliver: async () => {} });
		expect(refused).toMatchObject({ ok: false, reason: NOTE_REQUIRED, field: 'note' });
		const still = await t.db.selectFrom('changeRequests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow();
		expect(still.status).toBe('pending');
		expect((await auditEvents(t.db, staff.accountId)).some((e) => e.event === 'office_refused' && e.detail?.includes('no_reason'))).toBe(true);

		const sent: OutgoingMessage[] = [];
		const returned = await decideRequest(t.db, { requestId, decision: 'return', note: 'The document photo is unreadable.', staff, deliver: async (m) => void sent.push(m) });
		expect(returned).toMatchObject({ ok: true, status: 'rejected' });
		const row = await t.db.selectFrom('persons').select('lastName').where('emsNumber', '=', person.emsNumber).executeTakeFirstOrThrow();
		expect(row.lastName).not.toBe('Returned-Name');
		expect(sent[0]!.text).toContain('The document photo is unreadable.');
		const pulled = await pull(t.db, user, 0, 1000);
		expect(pulled.requests?.find((r) => r.id === requestId)).toMatchObject({ status: 'rejected', decisionNote: 'The document photo is unreadable.' });
	});

	it('a request already decided, or one that does not exist, is refused with a sentence that says who decided', async () => {
		const { requestId } = await askNameChange('Twice');
		expect((await decideRequest(t.db, { requestId, decision: 'approve', note: '', staff, deliver: async () => {} })).ok).toBe(true);
		const again = await decideRequest(t.db, { requestId, decision: 'return', note: 'No', staff: staff2, deliver: async () => {} });
		expect(again).toMatchObject({ ok: false, decidedBy: staff.email });
		if (!again.ok) expect(again.reason).toContain(`already approved by ${staff.email}`);
		expect(await decideRequest(t.db, { requestId: 'no-such-id', decision: 'approve', note: '', staff, deliver: async () => {} })).toMatchObject({ ok: false, reason: NOT_FOUND });
		expect((await auditEvents(t.db, staff2.accountId)).some((e) => e.event === 'office_refused' && e.detail?.includes('already_decided'))).toBe(true);
	});

	it('approving a roster addition creates that affiliation with a new revision; the leader’s device pulls the outcome', async () => {
		await seedAgency(t.db, 'A9002');
		const { leader, member, id, affiliationId } = await askMemberAddition('A9002');
		const cursor = (await pull(t.db, leader, 0, 1000)).cursor;
		const sent: OutgoingMessage[] = [];
		const result = await decideRequest(t.db, { requestId: id, decision: 'approve', note: 'Welcome aboard', staff, deliver: async (m) => void sent.push(m) });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const affiliation = await t.db.selectFrom('affiliations').selectAll().where('id', '=', affiliationId).executeTakeFirstOrThrow();
		expect(affiliation).toMatchObject({ emsNumber: member.emsNumber, agencyNumber: 'A9002', role: 'member', startedOn: '2026-11-01', endedOn: null });
		expect(Number(affiliation.revision)).toBe(result.revision);
		expect(parseFieldRevisions(affiliation.fieldRevisions)?.['*']).toBe(result.revision);
		const after = await pull(t.db, leader, cursor, 1000);
		expect(after.requests).toEqual([expect.objectContaining({ id, status: 'approved', table: 'affiliations', recordId: affiliationId, decisionNote: 'Welcome aboard' })]);
		expect(after.rows.affiliations.map((a) => a.id)).toContain(affiliationId);
		expect(sent[0]!.to).toBe(leader.email);
		const audited = await auditEvents(t.db, staff.accountId);
		expect(audited.find((e) => e.event === 'request_approved' && e.detail?.includes(id))).toMatchObject({ agencyNumber: 'A9002', emsNumber: member.emsNumber });
	});

	it('a roster addition returned creates nothing', async () => {
		await seedAgency(t.db, 'A9003');
		const { id, affiliationId } = await askMemberAddition('A9003');
		expect(await decideRequest(t.db, { requestId: id, decision: 'return', note: 'Not an AEMT yet', staff, deliver: async () => {} })).toMatchObject({ ok: true, status: 'rejected' });
		expect(await t.db.selectFrom('affiliations').select('id').where('id', '=', affiliationId).executeTakeFirst()).toBeUndefined();
	});

	it('an approval that cannot be applied rolls back and leaves the request waiting', async () => {
		await seedAgency(t.db, 'A9004');
		const { id, affiliationId, member } = await askMemberAddition('A9004');
		await seedAffiliation(t.db, member.emsNumber, 'A9004', 'member', { id: affiliationId });
		const result = await decideRequest(t.db, { requestId: id, decision: 'approve', note: '', staff, deliver: async () => {} });
		expect(result).toMatchObject({ ok: false });
		const row = await t.db.selectFrom('changeRequests').select(['status', 'revision']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe('pending');
	});

	it('two staff deciding the same item at once: exactly one wins, the other is told who (20 rounds)', async () => {
		for (let round = 0; round < 20; round++) {
			const name = `Race-${String.fromCharCode(65 + round)}`;
			const { requestId, person } = await askNameChange(name);
			const results = await Promise.all([
				decideRequest(t.db, { requestId, decision: 'approve', note: '', staff, deliver: async () => {} }),
				decideRequest(t.db, { requestId, decision: 'return', note: 'Missing document', staff: staff2, deliver: async () => {} })
			]);
			const winners = results.filter((r) => r.ok);
			expect(winners, `round ${round}`).toHaveLength(1);
			const loser = results.find((r) => !r.ok)!;
			const winnerStaff = results[0]!.ok ? staff : staff2;
			expect(loser).toMatchObject({ ok: false, decidedBy: winnerStaff.email });
			const row = await t.db.selectFrom('persons').select('lastName').where('emsNumber', '=', person.emsNumber).executeTakeFirstOrThrow();
			expect(row.lastName === name).toBe(results[0]!.ok);
		}
	});
});

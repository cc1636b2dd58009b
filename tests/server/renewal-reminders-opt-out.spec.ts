import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { push } from '../../src/lib/server/sync/push';
import { pull } from '../../src/lib/server/sync/pull';
import { sendRenewalReminders } from '../../src/lib/server/renewal/reminders';
import type { OutgoingMessage } from '../../src/lib/server/messages/outbox';
import type { SessionUser } from '../../src/lib/domain/session-user';
import { addLicensee } from '../support/account-fixtures';
import { seedAffiliation, seedAgency, seedCredential } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Turning reminders off and on is a synced change of the person's own record, and the job honours it. */
let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const userOf = (p: { accountId: string; emsNumber: string; email: string }, leaderOf: string[] = []): SessionUser => ({ accountId: p.accountId, role: 'licensee', emsNumber: p.emsNumber, email: p.email, leaderOf });

describe('renewal reminders off and on', () => {
	it('a licensee turns them off and on through sync; the job sends nothing while off; others cannot change it', async () => {
		const p = await addLicensee(t.db, { mobilePhone: '+17015559001' });
		const c = await seedCredential(t.db, p.emsNumber, { level: 'Paramedic', status: 'active', number: `P-${p.emsNumber}`, expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31' });
		const me = userOf(p);
		const clientId = crypto.randomUUID();
		let seq = 0;
		const set = async (value: unknown, who = me, id = p.emsNumber) => {
			const row = await t.db.selectFrom('persons').select('revision').where('emsNumber', '=', id).executeTakeFirstOrThrow();
			return (await push(t.db, who, { clientId: who === me ? clientId : crypto.randomUUID(), mutations: [{ seq: ++seq, table: 'persons', id, op: 'update', baseRevision: Number(row.revision), changes: { renewalReminders: value } }] })).results[0]!;
		};
		const inbox: OutgoingMessage[] = [];
		const deliver = { email: async (m: OutgoingMessage) => void inbox.push(m), sms: async (m: OutgoingMessage) => void inbox.push(m) };

		expect(await set('off')).toMatchObject({ status: 'applied' });
		expect((await pull(t.db, me, 0, 1000)).rows.persons.find((r) => r.emsNumber === p.emsNumber)).toMatchObject({ renewalReminders: 'off' });
		await sendRenewalReminders(t.db, { now: new Date('2026-10-01T15:00:00Z'), deliver, origin: 'https://ems.example' });
		expect(inbox.filter((m) => m.to === p.email || m.to === p.mobilePhone)).toEqual([]);
		expect(await t.db.selectFrom('renewalReminders').select('milestone').where('credentialId', '=', c.id).execute()).toEqual([]);

		expect(await set('on')).toMatchObject({ status: 'applied' });
		await sendRenewalReminders(t.db, { now: new Date('2026-10-02T15:00:00Z'), deliver, origin: 'https://ems.example' });
		expect(inbox.filter((m) => m.to === p.email || m.to === p.mobilePhone).map((m) => m.channel).sort()).toEqual(['email', 'sms']);

		// Not a value the field knows; not someone else's record; a squad leader does not see it on a member's row.
		expect(await set('sometimes')).toMatchObject({ status: 'rejected', errors: { renewalReminders: 'Renewal reminders are either on or off.' } });
		const other = await addLicensee(t.db, { mobilePhone: '+17015559002' });
		expect(await set('off', userOf(other))).toMatchObject({ status: 'rejected' });
		await seedAgency(t.db, 'R7001');
		await seedAffiliation(t.db, p.emsNumber, 'R7001');
		await seedAffiliation(t.db, other.emsNumber, 'R7001', 'squad_leader');
		const asLeader = await pull(t.db, userOf(other, ['R7001']), 0, 1000);
		const memberRow = asLeader.rows.persons.find((r) => r.emsNumber === p.emsNumber);
		expect(memberRow).toBeDefined();
		expect(memberRow).not.toHaveProperty('renewalReminders');
		expect(await set('off', userOf(other, ['R7001']))).toMatchObject({ status: 'rejected' });
	});
});

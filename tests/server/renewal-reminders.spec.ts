import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMessageSinks } from '../../scripts/message-sinks.mjs';
import { reminderDelivery } from '../../src/lib/server/renewal/reminder-schedule';
import { sendRenewalReminders } from '../../src/lib/server/renewal/reminders';
import { dueMilestone } from '../../src/lib/domain/renewal-reminders';
import { addLicensee } from '../support/account-fixtures';
import { seedCredential } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
// A real SMTP server and SMS webhook in this process: the job's messages go out through nodemailer and fetch.
let sinks: Awaited<ReturnType<typeof startMessageSinks>> & { messages: { channel: 'email' | 'sms'; to: string; subject: string; text: string }[] };
beforeAll(async () => {
	t = await createTestDatabase();
	sinks = await startMessageSinks();
});
afterAll(async () => {
	await sinks?.close();
	await t?.dispose();
});

const paramedic = { level: 'Paramedic', status: 'active', expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31' };

describe('reminder milestones', () => {
	it('window opening, then 90, 30 and 7 days before; only the latest due one; none outside the window', () => {
		expect(dueMilestone(paramedic, '2026-09-30')).toBeNull();
		expect(dueMilestone(paramedic, '2026-10-01')?.milestone).toBe('window-open');
		expect(dueMilestone(paramedic, '2026-12-31')?.milestone).toBe('90-days');
		expect(dueMilestone(paramedic, '2027-03-01')?.milestone).toBe('30-days');
		expect(dueMilestone(paramedic, '2027-03-24')?.milestone).toBe('7-days');
		expect(dueMilestone(paramedic, '2027-04-01')).toBeNull();
	});
});

describe('renewal reminder job', () => {
	it('sends each milestone once across runs and two processes at once, by email and SMS, and none after submission', async () => {
		const inbox = sinks.messages;
		const deliver = reminderDelivery(t.db, { SMTP_URL: sinks.smtpUrl, SMS_WEBHOOK_URL: sinks.smsWebhookUrl });
		const p = await addLicensee(t.db);
		const c = await seedCredential(t.db, p.emsNumber, { ...paramedic, number: `P-${p.emsNumber}` });
		const quiet = await addLicensee(t.db, { mobilePhone: null });
		const q = await seedCredential(t.db, quiet.emsNumber, { ...paramedic, number: `P-${quiet.emsNumber}` });
		const mine = () => inbox.filter((m) => m.to === p.email || m.to === p.mobilePhone || m.to === quiet.email);
		const at = (day: string) => ({ now: new Date(`${day}T15:00:00Z`), deliver, origin: 'https://ems.example' });

		await sendRenewalReminders(t.db, at('2026-09-30'));
		expect(mine()).toHaveLength(0);
		// Two processes on the same day: each reminder goes once.
		await Promise.all([sendRenewalReminders(t.db, at('2026-10-01')), sendRenewalReminders(t.db, at('2026-10-01'))]);
		expect(mine().map((m) => `${m.channel}:${m.to}`).sort()).toEqual([`email:${p.email}`, `email:${quiet.email}`, `sms:${p.mobilePhone}`].sort());
		expect(mine().find((m) => m.to === p.email)!.subject).toMatch(/^Renewal is open for your license P-/);
		await sendRenewalReminders(t.db, at('2026-10-02'));
		expect(mine()).toHaveLength(3);

		// The quiet one submits a renewal: no 90-day reminder for them.
		await t.db
			.insertInto('changeRequests')
			.values({ id: crypto.randomUUID(), emsNumber: quiet.emsNumber, kind: 'renewal', changes: JSON.stringify({ credentialId: q.id, currentExpiresOn: '2027-03-31' }), reason: null, requestedBy: quiet.accountId, requestedAt: '2026-11-01T00:00:00Z', decidedBy: null, decidedAt: null, decisionNote: null, revision: 1, updatedAt: '2026-11-01T00:00:00Z', deletedAt: null })
			.execute();
		inbox.length = 0;
		await sendRenewalReminders(t.db, at('2026-12-31'));
		await sendRenewalReminders(t.db, at('2027-01-02'));
		expect(mine().map((m) => `${m.channel}:${m.to}`).sort()).toEqual([`email:${p.email}`, `sms:${p.mobilePhone}`].sort());
		expect(mine().find((m) => m.channel === 'email')!.subject).toBe(`Your license P-${p.emsNumber} expires March 31, 2027`);
		const rows = await t.db.selectFrom('renewalReminders').select(['milestone']).where('credentialId', '=', c.id).orderBy('milestone').execute();
		expect(rows.map((r) => r.milestone)).toEqual(['90-days', 'window-open']);
		const audited = await t.db.selectFrom('auditEvents').select('event').where('emsNumber', '=', p.emsNumber).where('event', '=', 'renewal_reminder_sent').execute();
		expect(audited).toHaveLength(2);
	});
});

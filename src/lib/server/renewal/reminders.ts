import { dueMilestone, reminderText } from '../../domain/renewal-reminders';
import { limitConcurrency } from '../concurrency-limit';
import type { Db } from '../db';
import { audit } from '../auth/audit';
import type { OutgoingMessage } from '../messages/outbox';

export interface ReminderDelivery {
	email: (m: OutgoingMessage) => Promise<void>;
	/** Absent when no SMS gateway is configured. */
	sms?: (m: OutgoingMessage) => Promise<void>;
}

export interface ReminderRun {
	sent: number;
	skipped: number;
}

/**
 * Sends the renewal reminders due today (renewal-reminders.ts), once per credential, expiration and milestone:
 * each is claimed by inserting its renewal_reminders row first, so of two processes (or two runs) only the one
 * whose insert succeeds sends it. None once a renewal for that expiration is submitted or approved. Each sending
 * is audited; a delivery failure is audited and not retried (the next milestone will remind again). Nothing goes
 * to a person who turned reminders off (persons.renewal_reminders = 'off').
 */
const SENDING_AT_ONCE = 8;

export async function sendRenewalReminders(db: Db, options: { now?: Date; deliver: ReminderDelivery; origin: string }): Promise<ReminderRun> {
	const now = options.now ?? new Date();
	const today = now.toISOString().slice(0, 10);
	const credentials = await db
		.selectFrom('credentials as c')
		.innerJoin('persons as p', 'p.emsNumber', 'c.emsNumber')
		.select(['c.id', 'c.emsNumber', 'c.level', 'c.number', 'c.status', 'c.expiresOn', 'c.nremtExpiresOn', 'p.email', 'p.mobilePhone', 'p.renewalReminders'])
		.where('c.status', '=', 'active')
		.where('c.deletedAt', 'is', null)
		.where('p.deletedAt', 'is', null)
		.where((eb) => eb.or([eb('c.expiresOn', '>=', today), eb('c.nremtExpiresOn', '>=', today)]))
		.execute();
	const submitted = new Set(
		(await db.selectFrom('changeRequests').select('changes').where('kind', '=', 'renewal').where('status', 'in', ['pending', 'approved']).where('deletedAt', 'is', null).execute()).flatMap((r) => {
			try {
				const x = JSON.parse(r.changes) as Record<string, unknown>;
				return [`${String(x.credentialId)}|${String(x.currentExpiresOn)}`];
			} catch {
				return [];
			}
		})
	);
	const run: ReminderRun = { sent: 0, skipped: 0 };
	async function remind(c: (typeof credentials)[number]): Promise<void> {
		const due = dueMilestone(c, today);
		if (!due) return;
		// The person turned reminders off on their dashboard (a synced field of their record).
		if (c.renewalReminders === 'off') {
			run.skipped++;
			return;
		}
		if (submitted.has(`${c.id}|${c.expiresOn}`)) {
			run.skipped++;
			return;
		}
		const channels = ['email', ...(options.deliver.sms && c.mobilePhone ? ['sms'] : [])];
		const claim = await db
			.insertInto('renewalReminders')
			.values({ credentialId: c.id, expiresOn: due.expiresOn, milestone: due.milestone, sentAt: now.toISOString(), channels: channels.join(',') })
			.onConflict((oc) => oc.doNothing())
			.executeTakeFirst();
		if (Number(claim.numInsertedOrUpdatedRows ?? 0) !== 1) {
			run.skipped++;
			return;
		}
		const { subject, text } = reminderText(c, due.expiresOn, due.milestone, options.origin);
		try {
			await options.deliver.email({ to: c.email, channel: 'email', subject, text });
			if (channels.includes('sms')) await options.deliver.sms!({ to: c.mobilePhone!, channel: 'sms', subject, text: `EMS Registry: ${subject}. ${options.origin}/renewal` });
			run.sent++;
			await audit(db, { event: 'renewal_reminder_sent', emsNumber: c.emsNumber, detail: { credentialId: c.id, milestone: due.milestone, channels: channels.join(',') } }, now);
		} catch (error) {
			console.error('[reminders] not delivered', error);
			await audit(db, { event: 'renewal_reminder_failed', emsNumber: c.emsNumber, detail: { credentialId: c.id, milestone: due.milestone } }, now);
		}
	}
	// Each reminder waits on its mail and SMS round trips: a few go at once (each still claimed first), not all.
	const inTurn = limitConcurrency(SENDING_AT_ONCE);
	await Promise.all(credentials.map((c) => inTurn(() => remind(c))));
	return run;
}

import { hostname } from 'node:os';
import type { Db } from '../db';
import { transportsFromEnvironment } from '../auth/delivery';
import { noteRun, releaseLease, takeLease } from '../jobs/lease';
import { sendRenewalReminders, type ReminderDelivery, type ReminderRun } from './reminders';

type Env = Record<string, string | undefined>;

/** The job_leases row the reminder job runs under (decision 040). */
export const REMINDER_JOB = 'renewal-reminders';
const DEFAULT_MINUTES = 60;

/**
 * How often each server process asks to run the reminder job: REMINDERS_EVERY_MINUTES (a number, or `off`).
 * Unset: hourly, except on a test server (APP_ENV or NODE_ENV `test`), where a job sending mail on its own would
 * surprise the tests; they ask for it by setting the variable.
 */
export function reminderInterval(env: Env = process.env): number | null {
	const raw = env.REMINDERS_EVERY_MINUTES?.trim().toLowerCase();
	if (raw === undefined || raw === '') return env.APP_ENV === 'test' || env.NODE_ENV === 'test' ? null : DEFAULT_MINUTES * 60_000;
	if (raw === 'off' || raw === '0') return null;
	const minutes = Number(raw);
	if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`REMINDERS_EVERY_MINUTES must be a number of minutes or "off", not "${env.REMINDERS_EVERY_MINUTES}"`);
	return Math.max(1_000, minutes * 60_000);
}

/** Email through the configured transport (or the demo outbox); texts only where an SMS gateway is configured. */
export function reminderDelivery(db: Db, env: Env = process.env): ReminderDelivery {
	const transports = transportsFromEnvironment(db, env);
	return {
		email: (m) => transports.email.send(m),
		...(env.SMS_WEBHOOK_URL ? { sms: (m) => transports.sms.send(m) } : {})
	};
}

export const reminderOrigin = (env: Env = process.env) => (env.ORIGIN ?? `http://localhost:${env.PORT ?? '4173'}`).replace(/\/+$/, '');

export const newHolder = (what: string) => `${what}@${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;

export interface ReminderJobOptions {
	holder: string;
	deliver: ReminderDelivery;
	origin: string;
	/** How long the lease is held; a holder that stops renewing it loses the job after this. */
	leaseMs: number;
	now?: () => Date;
}

/** One run if this holder gets (or keeps) the lease; null when another process holds it and this one skips. */
export async function runReminderJob(db: Db, o: ReminderJobOptions): Promise<ReminderRun | null> {
	const now = o.now?.() ?? new Date();
	if (!(await takeLease(db, REMINDER_JOB, o.holder, now, o.leaseMs))) return null;
	const run = await sendRenewalReminders(db, { now, deliver: o.deliver, origin: o.origin });
	await noteRun(db, REMINDER_JOB, o.holder, o.now?.() ?? new Date());
	return run;
}

export interface ReminderSchedule {
	/** Runs the job now (if this process holds the lease); what the timer calls. */
	tick(): Promise<ReminderRun | null>;
	/** Stops the timer and gives the lease up, so another process takes over at its next tick. */
	stop(): Promise<void>;
}

/**
 * The reminder job inside a server process: every `everyMs`, take or renew the lease for twice that long and, if
 * this process has it, send what is due. The process holding it keeps it while it runs; the others skip until it
 * stops renewing. Ticks never overlap, and the timer does not keep the process alive.
 */
export function startReminderSchedule(db: Db, o: Omit<ReminderJobOptions, 'leaseMs'> & { everyMs: number; firstDelayMs?: number }): ReminderSchedule {
	let running: Promise<ReminderRun | null> | null = null;
	let stopped = false;
	const tick = () => {
		if (stopped) return Promise.resolve(null);
		running ??= runReminderJob(db, { ...o, leaseMs: o.everyMs * 2 })
			.catch((error: unknown) => {
				console.error('[reminders] the reminder job failed', error);
				return null;
			})
			.finally(() => (running = null));
		return running;
	};
	const first = setTimeout(() => void tick(), o.firstDelayMs ?? Math.min(o.everyMs, 30_000));
	const timer = setInterval(() => void tick(), o.everyMs);
	first.unref?.();
	timer.unref?.();
	return {
		tick,
		async stop() {
			stopped = true;
			clearTimeout(first);
			clearInterval(timer);
			await running;
			await releaseLease(db, REMINDER_JOB, o.holder);
		}
	};
}

/** Started from hooks.server.ts init: the schedule REMINDERS_EVERY_MINUTES asks for, or none. */
export function startReminderScheduleFromEnvironment(db: Db, env: Env = process.env): ReminderSchedule | null {
	const everyMs = reminderInterval(env);
	if (everyMs === null) return null;
	return startReminderSchedule(db, { everyMs, holder: newHolder('server'), deliver: reminderDelivery(db, env), origin: reminderOrigin(env) });
}

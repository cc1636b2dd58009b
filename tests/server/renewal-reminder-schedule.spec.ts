import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMessageSinks } from '../../scripts/message-sinks.mjs';
import { REMINDER_JOB, reminderDelivery, reminderInterval, runReminderJob, startReminderSchedule } from '../../src/lib/server/renewal/reminder-schedule';
import { addLicensee } from '../support/account-fixtures';
import { seedCredential } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The reminder job on a schedule (decision 040) and `npm run reminders`, against a real SMTP server and SMS webhook
 * in this process (scripts/message-sinks.mjs): two job instances, and two processes, on one database send each
 * reminder once; the one holding the lease sends and the other skips; a person who turned reminders off gets none.
 */
type Sinks = Awaited<ReturnType<typeof startMessageSinks>> & { messages: { channel: 'email' | 'sms'; to: string; subject: string; text: string }[] };

let t: TestDatabase;
let sinks: Sinks;
const env = () => ({ SMTP_URL: sinks.smtpUrl, SMS_WEBHOOK_URL: sinks.smsWebhookUrl, MAIL_FROM: 'EMS Registry <no-reply@ems-registry.test>' });
const at = (day: string) => () => new Date(`${day}T15:00:00Z`);
let phones = 0;

beforeAll(async () => {
	t = await createTestDatabase();
	sinks = (await startMessageSinks()) as Sinks;
});
afterAll(async () => {
	await sinks?.close();
	await t?.dispose();
});
beforeEach(async () => {
	sinks.messages.length = 0;
	// Each test starts with no one holding the job.
	await t.db.deleteFrom('jobLeases').execute();
});

/** A Paramedic whose window opens 2026-10-01 (expires 2027-03-31), with a mobile number of their own. */
async function paramedic(over: { renewalReminders?: string | null; mobilePhone?: string | null } = {}) {
	const p = await addLicensee(t.db, { mobilePhone: over.mobilePhone === undefined ? `+1701555${String(++phones).padStart(4, '0')}` : over.mobilePhone });
	if (over.renewalReminders !== undefined) await t.db.updateTable('persons').set({ renewalReminders: over.renewalReminders }).where('emsNumber', '=', p.emsNumber).execute();
	const c = await seedCredential(t.db, p.emsNumber, { level: 'Paramedic', status: 'active', number: `P-${p.emsNumber}`, expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31' });
	return { ...p, credential: c };
}
const received = (...people: { email: string; mobilePhone: string | null }[]) =>
	sinks.messages
		.filter((m) => people.some((p) => m.to === p.email || m.to === p.mobilePhone))
		.map((m) => `${m.channel}:${m.to}`)
		.sort();
async function waitFor(check: () => boolean, ms = 10_000) {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 25));
	}
}

describe('the reminder schedule inside the server', () => {
	it('is off on a test server unless asked, hourly otherwise, and refuses a setting it cannot read', () => {
		expect(reminderInterval({ APP_ENV: 'test' })).toBeNull();
		expect(reminderInterval({ NODE_ENV: 'test' })).toBeNull();
		expect(reminderInterval({ APP_ENV: 'test', REMINDERS_EVERY_MINUTES: '5' })).toBe(300_000);
		expect(reminderInterval({})).toBe(3_600_000);
		expect(reminderInterval({ REMINDERS_EVERY_MINUTES: 'off' })).toBeNull();
		expect(() => reminderInterval({ REMINDERS_EVERY_MINUTES: 'hourly' })).toThrow(/REMINDERS_EVERY_MINUTES/);
	});

	it('two job instances on one database: the lease holder sends by email and SMS, the other skips; each reminder goes once', async () => {
		const p = await paramedic();
		const noMobile = await paramedic({ mobilePhone: null });
		const options = (holder: string, day: string) => ({ holder, deliver: reminderDelivery(t.db, env()), origin: 'https://ems.example', leaseMs: 60_000, now: at(day) });

		// The day before the window opens: nothing is due.
		expect(await runReminderJob(t.db, options('a', '2026-09-30'))).toEqual({ sent: 0, skipped: 0 });
		await t.db.deleteFrom('jobLeases').execute();

		// Both at once on the day it opens: exactly one runs.
		const runs = await Promise.all([runReminderJob(t.db, options('a', '2026-10-01')), runReminderJob(t.db, options('b', '2026-10-01'))]);
		expect(runs.filter((r) => r === null)).toHaveLength(1);
		expect(runs.find((r) => r !== null)?.sent).toBeGreaterThanOrEqual(2);
		expect(received(p, noMobile)).toEqual([`email:${p.email}`, `email:${noMobile.email}`, `sms:${p.mobilePhone}`].sort());
		const email = sinks.messages.find((m) => m.to === p.email)!;
		expect(email.subject).toBe(`Renewal is open for your license P-${p.emsNumber}`);
		expect(email.text).toContain('https://ems.example/renewal');
		expect(sinks.messages.find((m) => m.to === p.mobilePhone)!.text).toBe(`EMS Registry: Renewal is open for your license P-${p.emsNumber}. https://ems.example/renewal`);

		// The holder runs again the same day: nothing twice. The other still skips while the lease holds.
		const holder = (await t.db.selectFrom('jobLeases').select(['holder', 'lastRunAt']).where('name', '=', REMINDER_JOB).executeTakeFirstOrThrow());
		expect(holder.lastRunAt).not.toBeNull();
		const other = holder.holder === 'a' ? 'b' : 'a';
		expect(await runReminderJob(t.db, options(other, '2026-10-01'))).toBeNull();
		expect(await runReminderJob(t.db, options(holder.holder, '2026-10-01'))).toMatchObject({ sent: 0 });
		expect(received(p, noMobile)).toHaveLength(3);
	});

	it('a holder that stops renewing loses the job when its lease expires; a stopped schedule hands it over at once', async () => {
		const p = await paramedic();
		const deliver = reminderDelivery(t.db, env());
		const base = { deliver, origin: 'https://ems.example', leaseMs: 60_000 };
		expect(await runReminderJob(t.db, { ...base, holder: 'a', now: () => new Date('2026-12-31T10:00:00Z') })).not.toBeNull();
		expect(await runReminderJob(t.db, { ...base, holder: 'b', now: () => new Date('2026-12-31T10:00:59Z') })).toBeNull();
		// A's lease ran out (it died): B takes over and sends nothing A already sent.
		expect(await runReminderJob(t.db, { ...base, holder: 'b', now: () => new Date('2026-12-31T10:01:01Z') })).toMatchObject({ sent: 0 });
		expect(received(p)).toEqual([`email:${p.email}`, `sms:${p.mobilePhone}`].sort());

		const a = startReminderSchedule(t.db, { holder: 'sched-a', everyMs: 3_600_000, firstDelayMs: 3_600_000, deliver, origin: 'https://ems.example', now: at('2027-03-01') });
		const b = startReminderSchedule(t.db, { holder: 'sched-b', everyMs: 3_600_000, firstDelayMs: 3_600_000, deliver, origin: 'https://ems.example', now: at('2027-03-01') });
		await t.db.deleteFrom('jobLeases').execute();
		expect(await a.tick()).not.toBeNull();
		expect(await b.tick()).toBeNull();
		await a.stop();
		expect(await b.tick()).toMatchObject({ sent: 0 });
		await b.stop();
		expect(received(p)).toEqual([`email:${p.email}`, `email:${p.email}`, `sms:${p.mobilePhone}`, `sms:${p.mobilePhone}`].sort());
	});

	it('two schedules running on their timers send each due reminder once, and nothing to a person who turned reminders off', async () => {
		const p = await paramedic();
		const off = await paramedic({ renewalReminders: 'off' });
		const deliver = reminderDelivery(t.db, env());
		const start = (holder: string) => startReminderSchedule(t.db, { holder, everyMs: 40, firstDelayMs: 0, deliver, origin: 'https://ems.example', now: at('2027-03-24') });
		const [a, b] = [start('timer-a'), start('timer-b')];
		try {
			await waitFor(() => received(p).length >= 2);
			// Many ticks later, still once.
			await new Promise((r) => setTimeout(r, 400));
		} finally {
			await Promise.all([a.stop(), b.stop()]);
		}
		expect(received(p)).toEqual([`email:${p.email}`, `sms:${p.mobilePhone}`].sort());
		expect(sinks.messages.find((m) => m.to === p.email)!.subject).toBe(`Your license P-${p.emsNumber} expires March 31, 2027`);
		expect(received(off)).toEqual([]);
		expect(await t.db.selectFrom('renewalReminders').select('milestone').where('credentialId', '=', off.credential.id).execute()).toEqual([]);
	});
});

describe('npm run reminders', () => {
	const run = promisify(execFile);
	/** The cron command as cron runs it: its own process, configured by the environment only. */
	const reminders = (now: string) =>
		run(process.execPath, ['scripts/reminders.mjs', '--now', now], {
			env: {
				PATH: process.env.PATH,
				...env(),
				APP_ENV: 'test',
				...(t.dialect === 'postgres' ? { DATABASE_URL: t.location } : { DATA_DIR: dirname(t.location) })
			},
			timeout: 60_000
		});

	it('two processes at once send each reminder once; a person who turned reminders off gets none, and again once turned on', async () => {
		const p = await paramedic();
		const quiet = await paramedic({ renewalReminders: 'off' });
		const [one, two] = await Promise.all([reminders('2027-01-05T08:00:00Z'), reminders('2027-01-05T08:00:00Z')]);
		const said = [one.stdout.trim(), two.stdout.trim()].sort();
		// The second either found the lease taken or found every reminder already claimed.
		expect(said.some((s) => /^Sent [1-9]\d* reminders?;/.test(s))).toBe(true);
		expect(said.every((s) => /^Sent \d+ reminders?;|^Another process is sending the reminders right now; nothing sent\.$/.test(s))).toBe(true);
		expect(received(p, quiet)).toEqual([`email:${p.email}`, `sms:${p.mobilePhone}`].sort());

		// Turned back on: the next milestone reaches them; a second run that day sends nothing more.
		await t.db.updateTable('persons').set({ renewalReminders: 'on' }).where('emsNumber', '=', quiet.emsNumber).execute();
		sinks.messages.length = 0;
		expect((await reminders('2027-03-02T08:00:00Z')).stdout).toMatch(/^Sent \d+ reminders?;/);
		expect((await reminders('2027-03-02T09:00:00Z')).stdout).toMatch(/^Sent 0 reminders;/);
		expect(received(p, quiet)).toEqual([`email:${p.email}`, `email:${quiet.email}`, `sms:${p.mobilePhone}`, `sms:${quiet.mobilePhone}`].sort());
	});

	it('says how to use it when asked something it does not know', async () => {
		await expect(reminders('not a time')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: npm run reminders') });
	});
});

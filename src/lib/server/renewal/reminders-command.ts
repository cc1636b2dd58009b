import { parseArgs } from 'node:util';
import { openDatabase, type DbConfig } from '../db';
import { migrateToLatest } from '../db/migrate';
import { releaseLease } from '../jobs/lease';
import { newHolder, reminderDelivery, reminderOrigin, REMINDER_JOB, runReminderJob } from './reminder-schedule';

const USAGE = 'Usage: npm run reminders -- [--now 2027-03-01T09:00:00Z]';

/**
 * `npm run reminders` (scripts/reminders.mjs): the renewal reminder job once, for cron, against the configured
 * database, under the same lease as the servers' schedule: if a server process is running the job right now,
 * this run skips. `--now` runs it as of another moment (a catch-up, or a test's fixed clock). Returns the exit code.
 */
export async function remindersCommand(
	argv: readonly string[],
	io: { out: (t: string) => void; err: (t: string) => void } = { out: (t) => console.log(t), err: (t) => console.error(t) },
	database?: DbConfig,
	env: Record<string, string | undefined> = process.env
): Promise<0 | 1 | 2> {
	let now: Date;
	try {
		const args = parseArgs({ args: [...argv], options: { now: { type: 'string' }, help: { type: 'boolean' } } });
		if (args.values.help) {
			io.out(USAGE);
			return 0;
		}
		now = args.values.now ? new Date(args.values.now) : new Date();
		if (Number.isNaN(now.getTime())) throw new Error(`--now is not a date and time: ${args.values.now}`);
	} catch (e) {
		io.err(`${(e as Error).message}\n${USAGE}`);
		return 2;
	}
	const handle = openDatabase(database);
	const holder = newHolder('cron');
	try {
		await migrateToLatest(handle.db);
		const run = await runReminderJob(handle.db, { holder, deliver: reminderDelivery(handle.db, env), origin: reminderOrigin(env), leaseMs: 15 * 60_000, now: () => now });
		if (!run) {
			io.out('Another process is sending the reminders right now; nothing sent.');
			return 0;
		}
		io.out(`Sent ${run.sent} reminder${run.sent === 1 ? '' : 's'}; ${run.skipped} already sent, submitted or turned off.`);
		return 0;
	} catch (e) {
		io.err(`Reminders failed: ${(e as Error).message}`);
		return 1;
	} finally {
		await releaseLease(handle.db, REMINDER_JOB, holder).catch(() => {});
		await handle.close();
	}
}

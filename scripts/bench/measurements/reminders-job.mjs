// The renewal reminder job (issue 12, decision 040) as cron runs it: `npm run reminders` in two processes at once
// against a fresh SQLite database of its own holding DUE licensees whose window opens today, sending to an
// in-process SMTP server and SMS webhook (scripts/message-sinks.mjs). Rows: how long the busy run takes until both
// processes exit, that every reminder arrived exactly once, and how long a second run with nothing left takes.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { startMessageSinks } from '../../message-sinks.mjs';

const DUE = 2_000;
const NOW = '2026-10-01T15:00:00Z';
const run = promisify(execFile);

async function seed(dir) {
	const { openDatabase } = await tsImport('../../../src/lib/server/db/index.ts', import.meta.url);
	const { migrateToLatest } = await tsImport('../../../src/lib/server/db/migrate.ts', import.meta.url);
	const handle = openDatabase({ sqlitePath: join(dir, 'registry.db') });
	await migrateToLatest(handle.db);
	const at = '2026-09-01T00:00:00.000Z';
	for (let start = 0; start < DUE; start += 250) {
		const n = Array.from({ length: Math.min(250, DUE - start) }, (_, i) => String(700000 + start + i));
		await handle.db
			.insertInto('persons')
			.values(n.map((ems) => ({ emsNumber: ems, firstName: 'Bench', middleName: null, lastName: `Person${ems}`, suffix: null, dateOfBirth: '1990-01-01', email: `bench${ems}@example.org`, mobilePhone: `+1701${ems}`, homePhone: null, street: '1 Main St', street2: null, city: 'Fargo', state: 'ND', zip: '58102', revision: 1, updatedAt: at, deletedAt: null })))
			.execute();
		await handle.db
			.insertInto('credentials')
			.values(n.map((ems) => ({ id: `bench-${ems}`, emsNumber: ems, level: 'Paramedic', number: `P-${ems}`, status: 'active', issuedOn: '2025-04-01', expiresOn: '2027-03-31', nremtNumber: `P${ems}`, nremtExpiresOn: '2027-03-31', revision: 1, updatedAt: at, deletedAt: null })))
			.execute();
	}
	await handle.close();
}

/** @param {import('../context.mjs').BenchContext} _ctx @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure(_ctx) {
	const dir = mkdtempSync(join(tmpdir(), 'ems-bench-reminders-'));
	const sinks = await startMessageSinks();
	try {
		await seed(dir);
		const env = { PATH: process.env.PATH, DATA_DIR: dir, APP_ENV: 'test', SMTP_URL: sinks.smtpUrl, SMS_WEBHOOK_URL: sinks.smsWebhookUrl };
		const reminders = () => run(process.execPath, ['scripts/reminders.mjs', '--now', NOW], { env, timeout: 600_000 });
		let started = performance.now();
		await Promise.all([reminders(), reminders()]);
		const busy = (performance.now() - started) / 1000;
		const emails = sinks.messages.filter((m) => m.channel === 'email').map((m) => m.to);
		const texts = sinks.messages.filter((m) => m.channel === 'sms').map((m) => m.to);
		const duplicates = emails.length - new Set(emails).size + (texts.length - new Set(texts).size);
		started = performance.now();
		await reminders();
		const idle = (performance.now() - started) / 1000;
		return [
			{ metric: `reminder job: ${DUE.toLocaleString('en-US')} due (email + SMS), two processes at once`, value: Number(busy.toFixed(1)), unit: 's' },
			{ metric: 'reminder job: emails delivered', value: emails.length, unit: 'messages', budget: { min: DUE, max: DUE } },
			{ metric: 'reminder job: texts delivered', value: texts.length, unit: 'messages', budget: { min: DUE, max: DUE } },
			{ metric: 'reminder job: sent twice', value: duplicates, unit: 'messages', budget: { max: 0 } },
			{ metric: 'reminder job: next run, nothing left to send', value: Number(idle.toFixed(1)), unit: 's' }
		];
	} finally {
		await sinks.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

// Serves the built app for end-to-end tests on a fresh database (SQLite, or DATABASE_URL when set) with demo data.
// Email and text messages go to local sinks (a real SMTP server and an SMS webhook receiver) whose received
// messages tests read at http://127.0.0.1:<PORT + 1>/messages; set E2E_MESSAGE_SINKS=off to use the dev outbox.
// E2E_DATA_DIR lets the benchmark run its own copy beside a test run without wiping the tests' database.
import cluster from 'node:cluster';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startMessageSinks } from './message-sinks.mjs';

const dataDir = resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data');
// With WEB_CONCURRENCY > 1 this script also starts each server process: only the first run prepares.
const preparing = cluster.isPrimary;
if (preparing) rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
process.env.LOAD_DEMO_DATA = 'true';
// Real mail and SMS transports (to the local sinks) plus demo data: a demo only because every target is loopback
// (src/lib/server/runtime-mode.ts, decision 018).
process.env.APP_ENV = 'test';
if (preparing && process.env.E2E_MESSAGE_SINKS !== 'off') {
	const port = Number(process.env.PORT ?? 3000);
	const sinks = await startMessageSinks({ httpPort: port + 1, smtpPort: port + 2 });
	// When the app server shuts down gracefully (SIGTERM from the bench), the sinks must not keep the process up.
	sinks.unref();
	process.env.SMTP_URL = sinks.smtpUrl;
	process.env.MAIL_FROM = 'EMS Registry <no-reply@ems-registry.test>';
	process.env.SMS_WEBHOOK_URL = sinks.smsWebhookUrl;
}
await import(resolve('scripts', 'serve.mjs'));

import { isHttpError } from '@sveltejs/kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The routes use the process's app database; point it at a temporary directory before they load.
const dataDir = mkdtempSync(join(tmpdir(), 'ems-outbox-routes-'));
process.env.DATA_DIR = dataDir;
const savedDatabaseUrl = process.env.DATABASE_URL;
delete process.env.DATABASE_URL;

const { appDatabase } = await import('../../src/lib/server/app-database');
const { recordInOutbox } = await import('../../src/lib/server/messages/outbox');
const jsonRoute = await import('../../src/routes/dev/outbox.json/+server');
const pageRoute = await import('../../src/routes/dev/outbox/+page.server');

type JsonEvent = Parameters<typeof jsonRoute.GET>[0];
type PageEvent = Parameters<typeof pageRoute.load>[0];
const jsonEvent = {} as JsonEvent;
const pageEvent = { setHeaders: () => {} } as unknown as PageEvent;

beforeAll(async () => {
	const { db } = await appDatabase();
	await recordInOutbox(db, { to: 'new.emt@example.org', channel: 'email', subject: 'Your code', text: 'Code 123456' });
	await recordInOutbox(db, { to: '+17015550123', channel: 'sms', subject: '', text: 'Code 654321' });
});

afterEach(() => {
	for (const name of ['APP_ENV', 'NODE_ENV', 'SMTP_URL', 'SMS_WEBHOOK_URL', 'ORIGIN']) delete process.env[name];
});

afterAll(async () => {
	const { close } = await appDatabase();
	await close();
	rmSync(dataDir, { recursive: true, force: true });
	if (savedDatabaseUrl !== undefined) process.env.DATABASE_URL = savedDatabaseUrl;
});

async function statusOf(call: () => unknown): Promise<number> {
	try {
		await call();
		return 200;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
}

describe('/dev/outbox outside production', () => {
	it('lists messages as JSON, newest first, with to, channel, subject, text and sentAt', async () => {
		const response = await jsonRoute.GET(jsonEvent);
		expect(response.headers.get('content-type')).toContain('application/json');
		const messages = await response.json();
		expect(messages.map((m: { channel: string }) => m.channel)).toEqual(['sms', 'email']);
		expect(Object.keys(messages[0]).sort()).toEqual(['channel', 'sentAt', 'subject', 'text', 'to']);
	});

	it('gives the page the same messages', async () => {
		const data = (await pageRoute.load(pageEvent)) as { messages: unknown[] };
		expect(data.messages).toHaveLength(2);
	});
});

describe('/dev/outbox in production', () => {
	it.each([
		['APP_ENV', 'production'],
		['NODE_ENV', 'production']
	])('does not exist when %s=%s', async (name, value) => {
		process.env[name] = value;
		expect(await statusOf(() => jsonRoute.GET(jsonEvent))).toBe(404);
		expect(await statusOf(() => pageRoute.load(pageEvent))).toBe(404);
	});
});

describe('/dev/outbox on a server configured for real use', () => {
	it.each([
		['SMTP_URL', 'smtp://mail.example.org:587'],
		['SMS_WEBHOOK_URL', 'https://sms.example.org/send'],
		['ORIGIN', 'https://registry.example.org']
	])('does not exist when %s=%s', async (name, value) => {
		process.env[name] = value;
		expect(await statusOf(() => jsonRoute.GET(jsonEvent))).toBe(404);
		expect(await statusOf(() => pageRoute.load(pageEvent))).toBe(404);
	});

	it('does not exist with APP_ENV=test when mail goes to another machine', async () => {
		process.env.APP_ENV = 'test';
		process.env.SMTP_URL = 'smtp://mail.example.org:587';
		expect(await statusOf(() => jsonRoute.GET(jsonEvent))).toBe(404);
	});

	it('stays for the test server: APP_ENV=test with mail and SMS sinks on loopback', async () => {
		process.env.APP_ENV = 'test';
		process.env.SMTP_URL = 'smtp://127.0.0.1:4485';
		process.env.SMS_WEBHOOK_URL = 'http://127.0.0.1:4484/sms';
		process.env.ORIGIN = 'http://localhost:4483';
		expect(await statusOf(() => jsonRoute.GET(jsonEvent))).toBe(200);
	});
});

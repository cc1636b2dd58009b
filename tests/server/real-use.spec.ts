import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requestCode } from '../../src/lib/server/auth/codes';
import { transportsFromEnvironment } from '../../src/lib/server/auth/delivery';
import { loadDemoDataIfEmpty } from '../../src/lib/server/demo/load';
import { listOutbox } from '../../src/lib/server/messages/outbox';
import { runtimeMode } from '../../src/lib/server/runtime-mode';
import { checkBeforeServing } from '../../src/lib/server/startup-check';
import { addLicensee, auditEvents } from '../support/account-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const REAL = ['APP_ENV', 'NODE_ENV', 'SMTP_URL', 'SMS_WEBHOOK_URL', 'ORIGIN'];
let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(() => t.dispose());
afterEach(() => {
	for (const name of REAL) delete process.env[name];
});

describe('what counts as real use', () => {
	it.each([
		[{}, false],
		[{ ORIGIN: 'http://localhost:4173' }, false],
		[{ APP_ENV: 'production' }, true],
		[{ NODE_ENV: 'production' }, true],
		[{ SMTP_URL: 'smtp://mail.example.org' }, true],
		[{ SMTP_URL: 'smtp://127.0.0.1:2525' }, true],
		[{ SMS_WEBHOOK_URL: 'https://sms.example.org/x' }, true],
		[{ ORIGIN: 'https://registry.example.org' }, true],
		[{ APP_ENV: 'test', SMTP_URL: 'smtp://127.0.0.1:4485', SMS_WEBHOOK_URL: 'http://localhost:4484/sms' }, false],
		[{ APP_ENV: 'test', SMTP_URL: 'smtp://[::1]:4485' }, false],
		[{ APP_ENV: 'test', SMTP_URL: 'smtp://mail.example.org' }, true],
		[{ APP_ENV: 'test', SMS_WEBHOOK_URL: 'http://127.0.0.1.example.org/sms' }, true],
		[{ APP_ENV: 'test', SMTP_URL: 'not a url' }, true],
		[{ APP_ENV: 'test', ORIGIN: 'https://registry.example.org' }, true],
		[{ APP_ENV: 'test', NODE_ENV: 'production' }, true]
	])('%j → real use %s', (env, real) => {
		expect(runtimeMode(env).realUse).toBe(real);
	});
});

describe('a server configured for real use', () => {
	it('refuses to load demo data, saying why in one line', async () => {
		process.env.SMTP_URL = 'smtp://mail.example.org:587';
		await expect(loadDemoDataIfEmpty(t.db)).rejects.toThrow(/^Refusing to load demo data: SMTP_URL is set[^\n]*$/);
		const accounts = await t.db.selectFrom('accounts').select('id').execute();
		expect(accounts).toEqual([]);
	});

	it('refuses to start while a demo account still has its published password, and starts once it is changed', async () => {
		// A demo registry loaded while this was still a demo, then the server reconfigured for real use.
		expect(await loadDemoDataIfEmpty(t.db)).toBe(true);
		const real = { APP_ENV: 'production' };
		await expect(checkBeforeServing(t.db, real)).rejects.toThrow(
			/^Refusing to start: demo account medic@example\.org still has the password published in the README[^\n]*$/
		);
		for (const email of ['medic@example.org', 'leader@example.org', 'office@example.org']) {
			await t.db.updateTable('accounts').set({ passwordHash: null }).where('email', '=', email).execute();
		}
		await expect(checkBeforeServing(t.db, real)).resolves.toBeUndefined();
		// The demo itself may of course keep them.
		await expect(checkBeforeServing(t.db, {})).resolves.toBeUndefined();
	});

	it('records a text requested without an SMS gateway as not delivered, and keeps no copy in the outbox', async () => {
		const env = { APP_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:9' };
		const person = await addLicensee(t.db, { password: null });
		const before = (await listOutbox(t.db)).length;
		const result = await requestCode(
			t.db,
			{ email: person.email, emsNumber: person.emsNumber, channel: 'sms' },
			{ transports: transportsFromEnvironment(t.db, env) }
		);
		if (!result.ok) throw new Error('refused');
		await result.delivery;
		const events = (await auditEvents(t.db, person.accountId)).map((e) => e.event);
		expect(events).toContain('code_delivery_failed');
		expect(events).not.toContain('code_sent');
		expect(await listOutbox(t.db)).toHaveLength(before);
	});
});

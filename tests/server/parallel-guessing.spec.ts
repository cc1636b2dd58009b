import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeIn, startMessageSinks } from '../../scripts/message-sinks.mjs';
import { MAX_FAILED_ATTEMPTS, checkCode, requestCode, type CodeContext } from '../../src/lib/server/auth/codes';
import { transportsFromEnvironment } from '../../src/lib/server/auth/delivery';
import { confirmWithPassword, signIn } from '../../src/lib/server/auth/login';
import { ACCOUNT_POLICY } from '../../src/lib/server/auth/rate-limit';
import { createSession } from '../../src/lib/server/auth/sessions';
import { addLicensee, auditEvents } from '../support/account-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A burst of guesses arriving at once must get no more tries than the same guesses one by one. SQLite runs one
 * statement at a time, so the races this guards against show on PostgreSQL (TEST_DATABASE_URL); both must pass.
 */

type Sinks = Awaited<ReturnType<typeof startMessageSinks>> & { messages: { to: string; text: string }[] };

let t: TestDatabase;
let sinks: Sinks;
let ctx: CodeContext;
const BURST = 200;

beforeAll(async () => {
	t = await createTestDatabase();
	sinks = await startMessageSinks();
	ctx = { transports: transportsFromEnvironment(t.db, { SMTP_URL: sinks.smtpUrl, SMS_WEBHOOK_URL: sinks.smsWebhookUrl }), ip: '203.0.113.9' };
});
afterAll(async () => {
	await sinks.close();
	await t.dispose();
});

const count = (events: { event: string }[], name: string) => events.filter((e) => e.event === name).length;

describe('a burst of code guesses', () => {
	it(`evaluates at most ${MAX_FAILED_ATTEMPTS} of ${BURST} concurrent wrong guesses plus the right one, and the code ends void or used once`, async () => {
		const person = await addLicensee(t.db, { password: null });
		const requested = await requestCode(t.db, { email: person.email, emsNumber: person.emsNumber, channel: 'email' }, ctx);
		if (!requested.ok) throw new Error('code request refused');
		await requested.delivery;
		const code = codeIn(sinks.messages.findLast((m) => m.to === person.email)!.text)!;
		const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

		const guesses = Array.from({ length: BURST }, (_, i) => checkCode(t.db, requested.ticket, wrong(i)));
		const right = checkCode(t.db, requested.ticket, code);
		const results = await Promise.all([...guesses, right]);

		const events = await auditEvents(t.db, person.accountId);
		const evaluated = count(events, 'code_failed') + count(events, 'code_used');
		expect(evaluated).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
		expect(results.filter((r) => r.ok)).toHaveLength((await right).ok ? 1 : 0);
		const row = await t.db.selectFrom('verificationCodes').selectAll().where('accountId', '=', person.accountId).executeTakeFirstOrThrow();
		if ((await right).ok) expect(row.usedAt).not.toBeNull();
		else expect(row.voidedAt).not.toBeNull();
		// Whatever happened, the code cannot be used (again) now.
		expect(await checkCode(t.db, requested.ticket, code)).toMatchObject({ ok: false });
	});

	it('a right code after four wrong ones still works, and counts as the fifth attempt', async () => {
		const person = await addLicensee(t.db, { password: null });
		const requested = await requestCode(t.db, { email: person.email, emsNumber: person.emsNumber, channel: 'email' }, ctx);
		if (!requested.ok) throw new Error('code request refused');
		await requested.delivery;
		const code = codeIn(sinks.messages.findLast((m) => m.to === person.email)!.text)!;
		const other = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
		for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
			expect(await checkCode(t.db, requested.ticket, other)).toEqual({ ok: false, reason: 'wrong', remaining: MAX_FAILED_ATTEMPTS - i });
		}
		expect(await checkCode(t.db, requested.ticket, code)).toEqual({ ok: true });
		const row = await t.db.selectFrom('verificationCodes').selectAll().where('accountId', '=', person.accountId).executeTakeFirstOrThrow();
		expect(row.failedAttempts).toBe(MAX_FAILED_ATTEMPTS);
	});
});

describe('a burst of sign-in attempts', () => {
	const limit = ACCOUNT_POLICY.free + 1;

	it(`verifies at most ${limit} passwords of ${BURST} concurrent wrong attempts on one account, the right one included`, async () => {
		const person = await addLicensee(t.db);
		const attempts = Array.from({ length: BURST }, (_, i) =>
			signIn(t.db, { identifier: person.emsNumber, password: `wrong-password-${i}` }, { ip: `198.51.100.${i % 250}` })
		);
		const right = signIn(t.db, { identifier: person.emsNumber, password: person.password! }, { ip: '198.51.100.251' });
		const results = await Promise.all([...attempts, right]);

		const events = await auditEvents(t.db, person.accountId);
		const verified = count(events, 'login_failed') + count(events, 'login_succeeded');
		expect(verified).toBeLessThanOrEqual(limit);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(BURST + 1 - limit);
	});

	it(`"Confirm it's you" verifies at most ${limit} of ${BURST} concurrent passwords`, async () => {
		const person = await addLicensee(t.db);
		const { id } = await createSession(t.db, person.accountId, { ip: '198.51.100.1' });
		const session = { id, accountId: person.accountId };
		const results = await Promise.all(
			Array.from({ length: BURST }, (_, i) => confirmWithPassword(t.db, session, `wrong-password-${i}`, { ip: `198.51.100.${i % 250}` }))
		);
		const events = await auditEvents(t.db, person.accountId);
		expect(count(events, 'reauth_failed')).toBeLessThanOrEqual(limit);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(BURST - limit);
	});
});

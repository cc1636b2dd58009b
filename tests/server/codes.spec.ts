import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { codeIn, startMessageSinks } from '../../scripts/message-sinks.mjs';
import {
	CODE_TTL_MS,
	changePasswordWithTicket,
	checkCode,
	passwordChangeFor,
	requestCode,
	resendCode,
	type CodeContext
} from '../../src/lib/server/auth/codes';
import { transportsFromEnvironment } from '../../src/lib/server/auth/delivery';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { createSession, validateSession } from '../../src/lib/server/auth/sessions';
import { addLicensee, auditEvents, type LicenseeFixture } from '../support/account-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

type Sinks = Awaited<ReturnType<typeof startMessageSinks>> & {
	messages: { channel: 'email' | 'sms'; to: string; subject: string; text: string }[];
};

let t: TestDatabase;
let sinks: Sinks;
let ctx: CodeContext;
let person: LicenseeFixture;
const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
	t = await createTestDatabase();
	sinks = await startMessageSinks();
	// Real transports: nodemailer to an in-process SMTP server, and the HTTP SMS webhook.
	ctx = { transports: transportsFromEnvironment(t.db, { SMTP_URL: sinks.smtpUrl, SMS_WEBHOOK_URL: sinks.smsWebhookUrl }), ip: '203.0.113.5' };
});
afterAll(async () => {
	await sinks.close();
	await t.dispose();
});
beforeEach(async () => {
	sinks.messages.length = 0;
	sinks.failing.email = false;
	sinks.failing.sms = false;
	person = await addLicensee(t.db, { password: null });
});
afterEach(() => vi.restoreAllMocks());

/** Asks for a code and returns the ticket and the code read from the message that arrived. */
async function codeFor(p: LicenseeFixture, channel: 'email' | 'sms' = 'email', now = T0) {
	const result = await requestCode(t.db, { email: p.email, emsNumber: p.emsNumber, channel }, { ...ctx, now });
	if (!result.ok) throw new Error('code request refused');
	await result.delivery;
	const message = sinks.messages.findLast((m) => m.to === (channel === 'email' ? p.email : p.mobilePhone));
	const code = message && codeIn(message.text);
	if (!code) throw new Error('no code received');
	return { ticket: result.ticket, code };
}

describe('sending a code', () => {
	it('emails a six-digit code over SMTP to the address on record', async () => {
		const { code } = await codeFor(person, 'email');
		expect(code).toMatch(/^\d{6}$/);
		const mail = sinks.messages.find((m) => m.channel === 'email')!;
		expect(mail.to).toBe(person.email);
		expect(mail.subject).toBe('Your EMS Registry code');
		expect((await auditEvents(t.db, person.accountId)).map((e) => e.event)).toContain('code_sent');
	});

	it('texts the code through the SMS webhook to the mobile phone on record', async () => {
		const { code } = await codeFor(person, 'sms');
		expect(code).toMatch(/^\d{6}$/);
		expect(sinks.messages).toEqual([expect.objectContaining({ channel: 'sms', to: '+17015550100' })]);
	});

	it('stores only a salted hash of the code', async () => {
		const { code, ticket } = await codeFor(person);
		const rows = await t.db.selectFrom('verificationCodes').selectAll().where('accountId', '=', person.accountId).execute();
		expect(rows).toHaveLength(1);
		const stored = JSON.stringify(rows);
		expect(stored).not.toContain(code);
		expect(stored).not.toContain(ticket);
		expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('answers a mismatched email and EMS # exactly like a match, and sends nothing', async () => {
		const matched = await requestCode(t.db, { email: person.email, emsNumber: person.emsNumber, channel: 'email' }, { ...ctx, now: T0 });
		const other = await addLicensee(t.db, { password: null });
		const mismatched = await requestCode(t.db, { email: 'someone.else@example.org', emsNumber: other.emsNumber, channel: 'email' }, { ...ctx, now: T0 });
		const unknown = await requestCode(t.db, { email: 'nobody@example.org', emsNumber: '999999', channel: 'sms' }, { ...ctx, now: T0 });
		await Promise.all([matched, mismatched, unknown].map((r) => (r.ok ? r.delivery : undefined)));
		for (const r of [matched, mismatched, unknown]) {
			expect(Object.keys(r).sort()).toEqual(['delivery', 'ok', 'ticket']);
			expect(r.ok).toBe(true);
		}
		expect(sinks.messages).toHaveLength(1);
		expect(sinks.messages[0]!.to).toBe(person.email);
		// The unmatched ticket behaves like a real one: wrong codes count down the same way.
		if (!mismatched.ok || !matched.ok) throw new Error();
		expect(await checkCode(t.db, mismatched.ticket, '000000', { now: T0 })).toEqual({ ok: false, reason: 'wrong', remaining: 4 });
		expect(await checkCode(t.db, matched.ticket, '000000', { now: T0 })).toMatchObject({ ok: false });
	});

	it('limits sends for an unmatched pair exactly like a matched one', async () => {
		const input = { email: 'nobody@example.org', emsNumber: '999998', channel: 'email' as const };
		expect((await requestCode(t.db, input, { ...ctx, now: T0 })).ok).toBe(true);
		expect(await requestCode(t.db, input, { ...ctx, now: at(30_000) })).toEqual({ ok: false, retryAfterSeconds: 30 });
	});

	it('still answers normally when delivery fails, and logs and audits the failure', async () => {
		sinks.failing.sms = true;
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const result = await requestCode(t.db, { email: person.email, emsNumber: person.emsNumber, channel: 'sms' }, { ...ctx, now: T0 });
		expect(result.ok).toBe(true);
		if (result.ok) await result.delivery;
		expect(logged).toHaveBeenCalled();
		expect((await auditEvents(t.db, person.accountId)).map((e) => e.event)).toContain('code_delivery_failed');
	});
});

describe('checking a code', () => {
	it('accepts the right code once, and audits it', async () => {
		const { ticket, code } = await codeFor(person);
		expect(await checkCode(t.db, ticket, code, { now: at(60_000) })).toEqual({ ok: true });
		expect(await checkCode(t.db, ticket, code, { now: at(61_000) })).toEqual({ ok: false, reason: 'expired' });
		expect((await auditEvents(t.db, person.accountId)).map((e) => e.event)).toContain('code_used');
	});

	it('expires after 10 minutes', async () => {
		const { ticket, code } = await codeFor(person);
		expect(await checkCode(t.db, ticket, code, { now: at(CODE_TTL_MS) })).toEqual({ ok: false, reason: 'expired' });
		const fresh = await codeFor(person, 'email', at(CODE_TTL_MS + 60_000));
		expect(await checkCode(t.db, fresh.ticket, fresh.code, { now: at(CODE_TTL_MS + 60_000 + CODE_TTL_MS - 1000) })).toEqual({ ok: true });
	});

	it('is void after 5 wrong tries, even for the right code', async () => {
		const { ticket, code } = await codeFor(person);
		const wrong = code === '000000' ? '111111' : '000000';
		for (let remaining = 4; remaining >= 1; remaining--) {
			expect(await checkCode(t.db, ticket, wrong, { now: T0 })).toEqual({ ok: false, reason: 'wrong', remaining });
		}
		expect(await checkCode(t.db, ticket, wrong, { now: T0 })).toEqual({ ok: false, reason: 'voided' });
		expect(await checkCode(t.db, ticket, code, { now: T0 })).toEqual({ ok: false, reason: 'voided' });
		const events = (await auditEvents(t.db, person.accountId)).map((e) => e.event);
		expect(events.filter((e) => e === 'code_failed')).toHaveLength(5);
		expect(events).toContain('code_voided');
	});

	it('accepts only the newest code once another is sent', async () => {
		const first = await codeFor(person);
		const resent = await resendCode(t.db, first.ticket, 'sms', { ...ctx, now: at(61_000) });
		if (!resent?.ok) throw new Error('resend refused');
		await resent.delivery;
		const second = codeIn(sinks.messages.at(-1)!.text)!;
		if (second !== first.code) {
			expect(await checkCode(t.db, first.ticket, first.code, { now: at(62_000) })).toMatchObject({ ok: false });
		}
		expect(await checkCode(t.db, first.ticket, second, { now: at(62_000) })).toEqual({ ok: true });
	});
});

describe('resend limits', () => {
	it('allows at most one code a minute and five an hour per account', async () => {
		const first = await codeFor(person);
		expect(await resendCode(t.db, first.ticket, 'email', { ...ctx, now: at(59_000) })).toEqual({ ok: false, retryAfterSeconds: 1 });
		for (let i = 1; i <= 4; i++) {
			const r = await resendCode(t.db, first.ticket, 'email', { ...ctx, now: at(i * 61_000) });
			expect(r?.ok).toBe(true);
		}
		// Five codes in the hour: the sixth waits until the first is an hour old, whatever the ticket.
		const sixth = await requestCode(t.db, { email: person.email, emsNumber: person.emsNumber, channel: 'email' }, { ...ctx, now: at(10 * 60_000) });
		expect(sixth).toEqual({ ok: false, retryAfterSeconds: 50 * 60 });
		const later = await requestCode(t.db, { email: person.email, emsNumber: person.emsNumber, channel: 'email' }, { ...ctx, now: at(60 * 60_000 + 1000) });
		expect(later.ok).toBe(true);
	});
});

describe('choosing the new password', () => {
	it('sets the password after a correct code, ends every session, and audits the change', async () => {
		const withPassword = await addLicensee(t.db, { password: 'Old-Password-Long-2026' });
		const s1 = await createSession(t.db, withPassword.accountId, {}, new Date());
		const s2 = await createSession(t.db, withPassword.accountId, {}, new Date());
		const { ticket, code } = await codeFor(withPassword, 'email', new Date());
		expect(await checkCode(t.db, ticket, code)).toEqual({ ok: true });
		expect(await passwordChangeFor(t.db, ticket)).toEqual({ emsNumber: withPassword.emsNumber, email: withPassword.email });

		const result = await changePasswordWithTicket(t.db, ticket, 'Prairie-Ambulance-Run-7', 'Prairie-Ambulance-Run-7');
		expect(result).toEqual({ ok: true, accountId: withPassword.accountId });
		const account = await t.db.selectFrom('accounts').selectAll().where('id', '=', withPassword.accountId).executeTakeFirstOrThrow();
		expect(await verifyPassword(account.passwordHash!, 'Prairie-Ambulance-Run-7')).toBe(true);
		expect(account.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
		expect(await validateSession(t.db, s1.token)).toBeNull();
		expect(await validateSession(t.db, s2.token)).toBeNull();
		expect((await auditEvents(t.db, withPassword.accountId)).map((e) => e.event)).toContain('password_changed');
		// The verified code is spent: the same ticket cannot set a password twice.
		expect(await changePasswordWithTicket(t.db, ticket, 'Another-Prairie-Run-8', 'Another-Prairie-Run-8')).toEqual({ ok: false, reason: 'expired' });
	});

	it('refuses a password that misses any requirement, checked again on the server', async () => {
		const { ticket, code } = await codeFor(person, 'email', new Date());
		await checkCode(t.db, ticket, code);
		const unmet = async (password: string, confirmation = password) => {
			const r = await changePasswordWithTicket(t.db, ticket, password, confirmation);
			return r.ok || r.reason !== 'requirements' ? r : r.requirements.filter((q) => !q.met).map((q) => q.id);
		};
		expect(await unmet('Short-pw-1')).toEqual(['length']);
		expect(await unmet(`My-number-${person.emsNumber}`)).toEqual(['personal']);
		expect(await unmet('1q2w3e4r5t6y')).toEqual(['common']);
		expect(await unmet('Prairie-Ambulance-Run-7', 'Prairie-Ambulance-Run-8')).toEqual(['match']);
		const account = await t.db.selectFrom('accounts').select('passwordHash').where('id', '=', person.accountId).executeTakeFirstOrThrow();
		expect(account.passwordHash).toBeNull();
	});

	it('needs a verified code: an unverified ticket cannot set a password', async () => {
		const { ticket } = await codeFor(person, 'email', new Date());
		expect(await passwordChangeFor(t.db, ticket)).toBeNull();
		expect(await changePasswordWithTicket(t.db, ticket, 'Prairie-Ambulance-Run-7', 'Prairie-Ambulance-Run-7')).toEqual({ ok: false, reason: 'expired' });
	});
});

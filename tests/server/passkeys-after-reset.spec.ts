import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeIn, startMessageSinks } from '../../scripts/message-sinks.mjs';
import { AFTER_RESET_WINDOW_MS, passkeysAfterReset, removePasskeyAfterReset } from '../../src/lib/server/auth/after-reset';
import { changePasswordWithTicket, checkCode, requestCode, type CodeContext } from '../../src/lib/server/auth/codes';
import { transportsFromEnvironment } from '../../src/lib/server/auth/delivery';
import { noticeOfNewPasskey } from '../../src/lib/server/auth/passkeys';
import { addLicensee, auditEvents, type LicenseeFixture } from '../support/account-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

type Sinks = Awaited<ReturnType<typeof startMessageSinks>> & { messages: { channel: string; to: string; subject: string; text: string }[] };

let t: TestDatabase;
let sinks: Sinks;
let ctx: CodeContext;
let person: LicenseeFixture;
const NEW_PASSWORD = 'Prairie-Ambulance-Run-7';

beforeAll(async () => {
	t = await createTestDatabase();
	sinks = await startMessageSinks();
	ctx = { transports: transportsFromEnvironment(t.db, { SMTP_URL: sinks.smtpUrl, SMS_WEBHOOK_URL: sinks.smsWebhookUrl }), ip: '203.0.113.7' };
});
afterAll(async () => {
	await sinks.close();
	await t.dispose();
});
async function addPasskeys(p: LicenseeFixture) {
	for (const n of [1, 2]) {
		await t.db
			.insertInto('passkeys')
			.values({
				id: `${p.accountId}-key-${n}`,
				accountId: p.accountId,
				publicKey: 'AA',
				counter: 0,
				transports: null,
				deviceType: 'singleDevice',
				backedUp: 0,
				name: `Passkey ${n}`,
				createdAt: new Date(Date.now() + n).toISOString(),
				lastUsedAt: null
			})
			.execute();
	}
}

beforeEach(async () => {
	sinks.messages.length = 0;
	person = await addLicensee(t.db);
	await addPasskeys(person);
});

/** A ticket that has gone through Forgot Password up to the verified code (not yet the new password). */
async function verifiedTicket(p: LicenseeFixture) {
	const requested = await requestCode(t.db, { email: p.email, emsNumber: p.emsNumber, channel: 'email' }, ctx);
	if (!requested.ok) throw new Error('refused');
	await requested.delivery;
	const code = codeIn(sinks.messages.findLast((m) => m.to === p.email)!.text)!;
	expect(await checkCode(t.db, requested.ticket, code)).toEqual({ ok: true });
	return requested.ticket;
}

describe('passkeys after a password reset', () => {
	it('the just-spent ticket lists the passkeys and removes one, audited as removed after the reset', async () => {
		const ticket = await verifiedTicket(person);
		expect(await passkeysAfterReset(t.db, ticket)).toBeNull();
		expect(await changePasswordWithTicket(t.db, ticket, NEW_PASSWORD, NEW_PASSWORD)).toMatchObject({ ok: true });

		expect((await passkeysAfterReset(t.db, ticket))?.map((k) => k.name)).toEqual(['Passkey 1', 'Passkey 2']);
		expect(await removePasskeyAfterReset(t.db, ticket, `${person.accountId}-key-1`, { ip: '203.0.113.7' })).toBe('removed');
		expect((await passkeysAfterReset(t.db, ticket))?.map((k) => k.name)).toEqual(['Passkey 2']);
		const removed = (await auditEvents(t.db, person.accountId)).find((e) => e.event === 'passkey_removed');
		expect(removed).toMatchObject({ ip: '203.0.113.7' });
		expect(JSON.parse(String(removed!.detail))).toEqual({ method: 'password_reset' });
	});

	it('does not remove before the new password is set, after the window, or another account\'s passkey', async () => {
		const other = await addLicensee(t.db);
		await addPasskeys(other);
		const ticket = await verifiedTicket(person);
		expect(await removePasskeyAfterReset(t.db, ticket, `${person.accountId}-key-1`)).toBe('expired');
		await changePasswordWithTicket(t.db, ticket, NEW_PASSWORD, NEW_PASSWORD);

		expect(await removePasskeyAfterReset(t.db, ticket, `${other.accountId}-key-1`)).toBe('not-found');
		expect(await removePasskeyAfterReset(t.db, 'a-made-up-ticket', `${person.accountId}-key-1`)).toBe('expired');
		const late = new Date(Date.now() + AFTER_RESET_WINDOW_MS + 1000);
		expect(await passkeysAfterReset(t.db, ticket, late)).toBeNull();
		expect(await removePasskeyAfterReset(t.db, ticket, `${person.accountId}-key-1`, { now: late })).toBe('expired');
		const keys = await t.db.selectFrom('passkeys').select('id').where('accountId', 'in', [person.accountId, other.accountId]).execute();
		expect(keys).toHaveLength(4);
	});
});

describe('adding a passkey', () => {
	it('sends a notice to the account\'s email through the configured delivery', async () => {
		await noticeOfNewPasskey(t.db, ctx.transports, person.accountId, 'Passkey 3', { ip: '203.0.113.7' });
		expect(sinks.messages).toEqual([
			expect.objectContaining({ channel: 'email', to: person.email, subject: 'A passkey was added to your EMS Registry account' })
		]);
		expect(sinks.messages[0]!.text).toContain('Forgot Password');
	});
});

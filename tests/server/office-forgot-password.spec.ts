import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../src/lib/server/messages/outbox';
import { changePasswordWithTicket, checkCode, requestCode, resendCode } from '../../src/lib/server/auth/codes';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { addLicensee, addOffice } from '../support/account-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
const sent: OutgoingMessage[] = [];
const transport = { send: async (m: OutgoingMessage) => void sent.push(m) };
const ctx = { transports: { email: transport, sms: transport }, ip: '203.0.113.9' };
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const codeIn = (m: OutgoingMessage | undefined) => /code is (\d{6})/.exec(m?.text ?? '')?.[1] ?? '';

describe('Forgot Password for office staff (email alone)', () => {
	it('emails a code to a staff account found by its email, and the code sets a new password', async () => {
		const staff = await addOffice(t.db);
		const result = await requestCode(t.db, { email: staff.email.toUpperCase(), emsNumber: '', channel: 'email' }, ctx);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		await result.delivery;
		const message = sent.findLast((m) => m.to === staff.email);
		expect(codeIn(message)).toMatch(/^\d{6}$/);

		// A second code by the same ticket (resend) reaches the staff account too.
		const again = await resendCode(t.db, result.ticket, 'email', { ...ctx, now: new Date(Date.now() + 61_000) });
		expect(again?.ok).toBe(true);
		if (!again?.ok) return;
		await again.delivery;
		const code = codeIn(sent.findLast((m) => m.to === staff.email));
		expect(await checkCode(t.db, result.ticket, code, { now: new Date(Date.now() + 62_000) })).toMatchObject({ ok: true });
		const changed = await changePasswordWithTicket(t.db, result.ticket, 'Prairie-Office-Desk-42', 'Prairie-Office-Desk-42', { now: new Date(Date.now() + 63_000) });
		expect(changed).toMatchObject({ ok: true });
		const row = await t.db.selectFrom('accounts').select('passwordHash').where('id', '=', staff.accountId).executeTakeFirstOrThrow();
		expect(await verifyPassword(row.passwordHash!, 'Prairie-Office-Desk-42')).toBe(true);
	});

	it('sends nothing for a licensee’s email or an unknown one, and answers the same way', async () => {
		const person = await addLicensee(t.db);
		const before = sent.length;
		for (const email of [person.email, 'nobody@example.org']) {
			const result = await requestCode(t.db, { email, emsNumber: '', channel: 'email' }, ctx);
			expect(result.ok).toBe(true);
			if (result.ok) await result.delivery;
		}
		expect(sent.length).toBe(before);
	});
});

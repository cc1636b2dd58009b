import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mutation } from '../../src/lib/domain/sync-protocol';
import { requestCode } from '../../src/lib/server/auth/codes';
import { CONFIRM_TTL_MS, RESEND_INTERVAL_MS, UNDO_TTL_MS, confirmEmailChange, emailChangeLink, resendEmailChange, siteOrigin, undoEmailChange } from '../../src/lib/server/auth/email-change';
import { createSession, validateSession } from '../../src/lib/server/auth/sessions';
import type { Transports } from '../../src/lib/server/auth/delivery';
import type { OutgoingMessage } from '../../src/lib/server/messages/outbox';
import { push } from '../../src/lib/server/sync/push';
import { addLicensee, auditEvents, type LicenseeFixture } from '../support/account-fixtures';
import { licensee } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ORIGIN = 'https://registry.example.gov';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	// Links in notices point at the configured site (siteOrigin).
	vi.stubEnv('ORIGIN', ORIGIN);
});
afterAll(async () => {
	vi.unstubAllEnvs();
	await t?.dispose();
});

/** Every message the server hands over, notices and codes alike. */
let sent: OutgoingMessage[] = [];
const transports = {
	email: { send: async (m: OutgoingMessage) => void sent.push(m) },
	sms: { send: async (m: OutgoingMessage) => void sent.push(m) }
} as unknown as Transports;
let person: LicenseeFixture;
beforeEach(async () => {
	sent = [];
	person = await addLicensee(t.db, { password: null });
});

const emailUpdate = (seq: number, emsNumber: string, baseRevision: number, email: string): Mutation => ({
	seq,
	table: 'persons',
	id: emsNumber,
	op: 'update',
	baseRevision,
	changes: { email }
});

/** The person edits their email on a device that has the current record, and the device syncs. */
async function changeEmail(p: LicenseeFixture, email: string) {
	const { revision } = await t.db.selectFrom('persons').select('revision').where('emsNumber', '=', p.emsNumber).executeTakeFirstOrThrow();
	const mutation = emailUpdate(1, p.emsNumber, Number(revision), email);
	const result = await push(t.db, licensee(p.emsNumber), { clientId: crypto.randomUUID(), mutations: [mutation] }, {
		deliver: async (m) => void sent.push(m)
	});
	expect(result.results[0]).toMatchObject({ status: 'applied' });
}


/** The token of the newest link of this kind sent to `to`. */
function linkTokenTo(to: string, kind: 'confirm-email' | 'undo-email-change'): string {
	const message = sent.findLast((m) => m.to === to && m.text.includes(`${ORIGIN}/${kind}?token=`));
	const token = message && new RegExp(`/${kind}\\?token=([\\w-]+)`).exec(message.text)?.[1];
	if (!token) throw new Error(`no ${kind} link sent to ${to}`);
	return token;
}

const accountEmail = async (p: LicenseeFixture) =>
	(await t.db.selectFrom('accounts').select('email').where('id', '=', p.accountId).executeTakeFirstOrThrow()).email;
const personEmail = async (p: LicenseeFixture) =>
	(await t.db.selectFrom('persons').select('email').where('emsNumber', '=', p.emsNumber).executeTakeFirstOrThrow()).email;
const events = async (p: LicenseeFixture) => (await auditEvents(t.db, p.accountId)).map((e) => e.event).filter((e) => e.startsWith('email_change'));

/** Asks Forgot Password for a code with this email and the person's EMS #; returns where a code went. */
async function codeGoesTo(p: LicenseeFixture, email: string): Promise<string[]> {
	const before = sent.length;
	const result = await requestCode(t.db, { email, emsNumber: p.emsNumber, channel: 'email' }, { transports, now: new Date(Date.now() + 3_600_000 * (before + 1)) });
	if (!result.ok) throw new Error('refused');
	await result.delivery;
	return sent.slice(before).filter((m) => m.subject === 'Your EMS Registry code').map((m) => m.to);
}

describe('a synced email change is not yet the sign-in and code address', () => {
	it('Forgot Password keeps sending codes to the old address until the new one is confirmed', async () => {
		const fresh = `taken.over.${person.emsNumber}@example.org`;
		await changeEmail(person, fresh);
		expect(await codeGoesTo(person, fresh)).toEqual([]);
		expect(await codeGoesTo(person, person.email)).toEqual([person.email]);
		const account = await t.db.selectFrom('accounts').select('email').where('id', '=', person.accountId).executeTakeFirstOrThrow();
		expect(account.email).toBe(person.email);
	});
});

describe('confirming from the new inbox', () => {
	it('sends a confirm link to the new address and an undo link to the old one, and nothing takes effect on opening them', async () => {
		const fresh = `new.${person.emsNumber}@example.org`;
		await changeEmail(person, fresh);
		const confirm = linkTokenTo(fresh, 'confirm-email');
		const undo = linkTokenTo(person.email, 'undo-email-change');
		expect(sent.find((m) => m.to === person.email)!.text).toContain(fresh);
		expect(await emailChangeLink(t.db, 'confirm', confirm)).toMatchObject({ ok: true, change: { oldEmail: person.email, newEmail: fresh, emsNumber: person.emsNumber } });
		expect(await emailChangeLink(t.db, 'undo', undo)).toMatchObject({ ok: true });
		expect(await accountEmail(person)).toBe(person.email);
		expect(await personEmail(person)).toBe(fresh);
		expect(await events(person)).toEqual(['email_change_requested']);
		// Tokens are stored only as hashes.
		const row = await t.db.selectFrom('emailChanges').selectAll().where('accountId', '=', person.accountId).executeTakeFirstOrThrow();
		expect(JSON.stringify(row)).not.toContain(confirm);
		expect(JSON.stringify(row)).not.toContain(undo);
	});

	it('switches codes to the new address, once', async () => {
		const fresh = `confirmed.${person.emsNumber}@example.org`;
		await changeEmail(person, fresh);
		const token = linkTokenTo(fresh, 'confirm-email');
		expect(await confirmEmailChange(t.db, token, { ip: '203.0.113.9' })).toEqual({ ok: true, oldEmail: person.email, newEmail: fresh });
		expect(await accountEmail(person)).toBe(fresh);
		expect(await codeGoesTo(person, fresh)).toEqual([fresh]);
		expect(await codeGoesTo(person, person.email)).toEqual([]);
		expect(await confirmEmailChange(t.db, token)).toEqual({ ok: false, problem: 'confirmed' });
		const audited = (await auditEvents(t.db, person.accountId)).filter((e) => e.event === 'email_change_confirmed');
		expect(audited.map((e) => e.ip)).toEqual(['203.0.113.9']);
	});

	it('refuses a wrong token and an expired one, and audits the expired one', async () => {
		const fresh = `late.${person.emsNumber}@example.org`;
		await changeEmail(person, fresh);
		const token = linkTokenTo(fresh, 'confirm-email');
		expect(await confirmEmailChange(t.db, 'not-a-token')).toEqual({ ok: false, problem: 'unknown' });
		expect(await confirmEmailChange(t.db, linkTokenTo(person.email, 'undo-email-change'))).toEqual({ ok: false, problem: 'unknown' });
		const late = new Date(Date.now() + CONFIRM_TTL_MS + 1000);
		expect(await confirmEmailChange(t.db, token, { now: late })).toEqual({ ok: false, problem: 'expired' });
		expect(await accountEmail(person)).toBe(person.email);
		expect(await events(person)).toEqual(['email_change_requested', 'email_change_expired']);
	});

	it('voids a waiting change when another one replaces it, and going back to the confirmed address needs no link', async () => {
		const first = `first.${person.emsNumber}@example.org`;
		const second = `second.${person.emsNumber}@example.org`;
		await changeEmail(person, first);
		const firstToken = linkTokenTo(first, 'confirm-email');
		await changeEmail(person, second);
		expect(sent.filter((m) => m.to === person.email).map((m) => m.text.includes(second))).toEqual([false, true]);
		expect(await confirmEmailChange(t.db, firstToken)).toEqual({ ok: false, problem: 'superseded' });
		const before = sent.length;
		await changeEmail(person, person.email);
		expect(sent.length).toBe(before);
		expect(await confirmEmailChange(t.db, linkTokenTo(second, 'confirm-email'))).toEqual({ ok: false, problem: 'superseded' });
		expect(await events(person)).toEqual(['email_change_requested', 'email_change_superseded', 'email_change_requested', 'email_change_superseded']);
	});

	it('confirms only the address the record kept when two changes were waiting at once', async () => {
		const first = `race.one.${person.emsNumber}@example.org`;
		await changeEmail(person, first);
		const firstToken = linkTokenTo(first, 'confirm-email');
		// As if a second device's push had changed the record without seeing the first change (concurrent transactions).
		await t.db.updateTable('persons').set({ email: `race.two.${person.emsNumber}@example.org` }).where('emsNumber', '=', person.emsNumber).execute();
		expect(await confirmEmailChange(t.db, firstToken)).toEqual({ ok: false, problem: 'superseded' });
		expect(await accountEmail(person)).toBe(person.email);
	});

	it('refuses to confirm an address someone else took in the meantime', async () => {
		const fresh = `contested.${person.emsNumber}@example.org`;
		await changeEmail(person, fresh);
		const other = await addLicensee(t.db, { password: null });
		await t.db.updateTable('accounts').set({ email: fresh }).where('id', '=', other.accountId).execute();
		expect(await confirmEmailChange(t.db, linkTokenTo(fresh, 'confirm-email'))).toEqual({ ok: false, problem: 'taken' });
		expect(await accountEmail(person)).toBe(person.email);
	});
});

describe('undoing from the old inbox', () => {
	it('restores the old address on the account and the record, voids the waiting change, ends every session and is audited', async () => {
		const fresh = `attacker.${person.emsNumber}@example.org`;
		const stolen = await createSession(t.db, person.accountId);
		const other = await createSession(t.db, person.accountId);
		await changeEmail(person, fresh);
		const revisionBefore = (await t.db.selectFrom('persons').select('revision').where('emsNumber', '=', person.emsNumber).executeTakeFirstOrThrow()).revision;

		expect(await undoEmailChange(t.db, linkTokenTo(person.email, 'undo-email-change'), { ip: '198.51.100.4' })).toEqual({ ok: true, oldEmail: person.email, newEmail: fresh });
		expect(await accountEmail(person)).toBe(person.email);
		expect(await personEmail(person)).toBe(person.email);
		const after = await t.db.selectFrom('persons').select('revision').where('emsNumber', '=', person.emsNumber).executeTakeFirstOrThrow();
		expect(Number(after.revision)).toBeGreaterThan(Number(revisionBefore));
		expect(await validateSession(t.db, stolen.token)).toBeNull();
		expect(await validateSession(t.db, other.token)).toBeNull();
		expect(await confirmEmailChange(t.db, linkTokenTo(fresh, 'confirm-email'))).toEqual({ ok: false, problem: 'undone' });
		expect(await codeGoesTo(person, fresh)).toEqual([]);
		expect(await codeGoesTo(person, person.email)).toEqual([person.email]);
		const undone = (await auditEvents(t.db, person.accountId)).filter((e) => e.event === 'email_change_undone');
		expect(undone.map((e) => e.ip)).toEqual(['198.51.100.4']);
	});

	it('works after the change was confirmed, once, and not after 30 days', async () => {
		const fresh = `confirmed.then.undone.${person.emsNumber}@example.org`;
		await changeEmail(person, fresh);
		const undo = linkTokenTo(person.email, 'undo-email-change');
		expect(await confirmEmailChange(t.db, linkTokenTo(fresh, 'confirm-email'))).toMatchObject({ ok: true });
		expect(await undoEmailChange(t.db, undo, { now: new Date(Date.now() + UNDO_TTL_MS + 1000) })).toEqual({ ok: false, problem: 'expired' });
		expect(await undoEmailChange(t.db, undo)).toMatchObject({ ok: true });
		expect(await accountEmail(person)).toBe(person.email);
		expect(await undoEmailChange(t.db, undo)).toEqual({ ok: false, problem: 'undone' });
		expect(await undoEmailChange(t.db, 'x'.repeat(43))).toEqual({ ok: false, problem: 'unknown' });
		expect(await events(person)).toEqual(['email_change_requested', 'email_change_confirmed', 'email_change_undone']);
	});
});

describe('sending a new link', () => {
	it('replaces an expired link with fresh ones to both addresses, not more than once a minute', async () => {
		const fresh = `resent.${person.emsNumber}@example.org`;
		const ask = (now: Date) => resendEmailChange(t.db, { accountId: person.accountId, requestedBy: person.accountId, origin: ORIGIN, now });
		expect((await ask(new Date())).result).toEqual({ ok: false, reason: 'nothing_waiting' });
		await changeEmail(person, fresh);
		const expired = linkTokenTo(fresh, 'confirm-email');
		expect((await ask(new Date())).result).toMatchObject({ ok: false, reason: 'too_soon' });
		const later = new Date(Date.now() + CONFIRM_TTL_MS + RESEND_INTERVAL_MS);
		const { result, notices } = await ask(later);
		expect(result).toEqual({ ok: true, sentTo: fresh });
		expect(notices.map((m) => m.to)).toEqual([fresh, person.email]);
		sent.push(...notices);
		expect(await confirmEmailChange(t.db, expired, { now: later })).toEqual({ ok: false, problem: 'superseded' });
		expect(await confirmEmailChange(t.db, linkTokenTo(fresh, 'confirm-email'), { now: later })).toMatchObject({ ok: true });
		expect(await accountEmail(person)).toBe(fresh);
	});
});

describe('where the links point', () => {
	it('is the configured site, not the Host a request names', () => {
		expect(siteOrigin({ ORIGIN: 'https://registry.example.gov/' })).toBe('https://registry.example.gov');
		expect(siteOrigin({ PORT: '4583' })).toBe('http://localhost:4583');
	});
});

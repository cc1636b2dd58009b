import { isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmWithPassword, signIn } from '../../src/lib/server/auth/login';
import { isRecentlyAuthenticated, requireRecentAuth } from '../../src/lib/server/auth/reauth';
import { sha256Hex } from '../../src/lib/server/auth/secrets';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, createSession, endSession, validateSession } from '../../src/lib/server/auth/sessions';
import { addLicensee, addOffice, auditEvents } from '../support/account-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
const T0 = new Date('2026-04-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 60 * 60_000;

beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(() => t.dispose());

describe('sessions', () => {
	it('stores only the SHA-256 of a 32-byte token', async () => {
		const p = await addLicensee(t.db);
		const { token, id } = await createSession(t.db, p.accountId, {}, T0);
		expect(Buffer.from(token, 'base64url')).toHaveLength(32);
		expect(id).toBe(sha256Hex(token));
		const rows = await t.db.selectFrom('sessions').selectAll().where('accountId', '=', p.accountId).execute();
		expect(JSON.stringify(rows)).not.toContain(token);
		expect((await validateSession(t.db, token, at(1000)))?.user).toMatchObject({ accountId: p.accountId, role: 'licensee', emsNumber: p.emsNumber });
		// Presenting the stored hash as a cookie signs no one in.
		expect(await validateSession(t.db, id, at(1000))).toBeNull();
	});

	it('ends after 12 idle hours, and activity keeps it alive', async () => {
		const p = await addLicensee(t.db);
		const { token } = await createSession(t.db, p.accountId, {}, T0);
		expect(await validateSession(t.db, token, at(IDLE_TIMEOUT_MS - 60_000))).not.toBeNull();
		expect(await validateSession(t.db, token, at(2 * IDLE_TIMEOUT_MS - 2 * 60_000))).not.toBeNull();
		expect(await validateSession(t.db, token, at(3 * IDLE_TIMEOUT_MS))).toBeNull();
		// Gone for good, not just refused once.
		expect(await t.db.selectFrom('sessions').selectAll().where('accountId', '=', p.accountId).execute()).toEqual([]);
	});

	it('ends 30 days after sign-in however active it is', async () => {
		const p = await addLicensee(t.db);
		const { token } = await createSession(t.db, p.accountId, {}, T0);
		for (let h = 11; h < ABSOLUTE_TIMEOUT_MS / HOUR; h += 11) {
			expect(await validateSession(t.db, token, at(h * HOUR))).not.toBeNull();
		}
		expect(await validateSession(t.db, token, at(ABSOLUTE_TIMEOUT_MS))).toBeNull();
	});

	it('ends on sign-out', async () => {
		const p = await addLicensee(t.db);
		const { token, id } = await createSession(t.db, p.accountId, {}, T0);
		await endSession(t.db, id);
		expect(await validateSession(t.db, token, at(1000))).toBeNull();
	});

	it('lists the agencies a squad leader leads now, once each, in order', async () => {
		const p = await addLicensee(t.db);
		const now = new Date().toISOString();
		const agency = { name: 'Test Ambulance', type: 'bls_ground', parentNumber: null, phone: '+17015550199', email: 'a@example.org', street: '1 A St', street2: null, city: 'Minot', state: 'ND', zip: '58701', licenseExpiresOn: '2027-06-30', revision: 1, updatedAt: now, deletedAt: null };
		await t.db.insertInto('agencies').values(['7001', '7002', '7003', '7004'].map((number) => ({ ...agency, number, licenseNumber: `L-${number}` }))).execute();
		const aff = { emsNumber: p.emsNumber, startedOn: '2020-01-01', revision: 1, updatedAt: now, deletedAt: null };
		await t.db
			.insertInto('affiliations')
			.values([
				{ ...aff, id: crypto.randomUUID(), agencyNumber: '7001', role: 'squad_leader', endedOn: null },
				{ ...aff, id: crypto.randomUUID(), agencyNumber: '7003', role: 'squad_leader', endedOn: '2099-12-31' },
				{ ...aff, id: crypto.randomUUID(), agencyNumber: '7001', role: 'squad_leader', endedOn: null, startedOn: '2024-01-01' },
				{ ...aff, id: crypto.randomUUID(), agencyNumber: '7002', role: 'squad_leader', endedOn: '2021-01-01' },
				{ ...aff, id: crypto.randomUUID(), agencyNumber: '7002', role: 'member', endedOn: null },
				{ ...aff, id: crypto.randomUUID(), agencyNumber: '7004', role: 'squad_leader', endedOn: null, deletedAt: now }
			])
			.execute();
		const { token } = await createSession(t.db, p.accountId);
		expect((await validateSession(t.db, token))?.user.leaderOf).toEqual(['7001', '7003']);
	});
});

describe('signing in', () => {
	it('gives a new token at every sign-in and audits it', async () => {
		const p = await addLicensee(t.db);
		const a = await signIn(t.db, { identifier: p.emsNumber, password: p.password! }, { ip: '198.51.100.1', now: T0 });
		const b = await signIn(t.db, { identifier: p.emsNumber, password: p.password! }, { ip: '198.51.100.1', now: T0 });
		if (!a.ok || !b.ok) throw new Error('sign-in failed');
		expect(a.token).not.toBe(b.token);
		const events = await auditEvents(t.db, p.accountId);
		expect(events.filter((e) => e.event === 'login_succeeded')).toHaveLength(2);
		expect(events[0]).toMatchObject({ ip: '198.51.100.1', at: T0.toISOString() });
	});

	it('lets office staff sign in with their email, and licensees with their EMS # only', async () => {
		const office = await addOffice(t.db);
		expect(await signIn(t.db, { identifier: office.email.toUpperCase(), password: office.password }, { ip: '198.51.100.2' })).toMatchObject({ ok: true, role: 'office' });
		const p = await addLicensee(t.db);
		expect(await signIn(t.db, { identifier: p.email, password: p.password! }, { ip: '198.51.100.2' })).toEqual({ ok: false, reason: 'invalid' });
	});

	it('gives the same answer for an unknown EMS ID, a wrong password and an account without a password', async () => {
		const p = await addLicensee(t.db);
		const fresh = await addLicensee(t.db, { password: null });
		const ctx = { ip: '198.51.100.3' };
		const answers = [
			await signIn(t.db, { identifier: '987654', password: 'whatever-password' }, ctx),
			await signIn(t.db, { identifier: p.emsNumber, password: 'wrong-password-here' }, ctx),
			await signIn(t.db, { identifier: fresh.emsNumber, password: 'whatever-password' }, ctx)
		];
		for (const a of answers) expect(a).toEqual({ ok: false, reason: 'invalid' });
		expect((await auditEvents(t.db, p.accountId)).map((e) => e.event)).toEqual(['login_failed']);
	});
});

describe('re-authentication', () => {
	it('counts for 10 minutes after sign-in or confirmation', async () => {
		const p = await addLicensee(t.db);
		const s = await signIn(t.db, { identifier: p.emsNumber, password: p.password! }, { ip: '198.51.100.4', now: T0 });
		if (!s.ok) throw new Error();
		const found = (await validateSession(t.db, s.token, T0))!;
		const locals = { user: found.user, session: { id: found.session.id, reauthenticatedAt: found.session.reauthenticatedAt } };
		expect(isRecentlyAuthenticated(locals.session, at(9 * 60_000))).toBe(true);
		expect(isRecentlyAuthenticated(locals.session, at(10 * 60_000))).toBe(false);

		const stale = { ...locals, session: { ...locals.session, reauthenticatedAt: at(-11 * 60_000).toISOString() } };
		let thrown: unknown;
		try {
			requireRecentAuth(stale, '/account/passkeys');
		} catch (e) {
			thrown = e;
		}
		expect(isRedirect(thrown) && thrown.location).toBe('/confirm?next=%2Faccount%2Fpasskeys');

		expect(await confirmWithPassword(t.db, { id: found.session.id, accountId: p.accountId }, 'wrong', { ip: '198.51.100.4' })).toEqual({ ok: false, reason: 'invalid' });
		const later = at(60 * 60_000);
		expect(await confirmWithPassword(t.db, { id: found.session.id, accountId: p.accountId }, p.password!, { ip: '198.51.100.4', now: later })).toEqual({ ok: true });
		const row = await t.db.selectFrom('sessions').select('reauthenticatedAt').where('id', '=', found.session.id).executeTakeFirstOrThrow();
		expect(row.reauthenticatedAt).toBe(later.toISOString());
		expect(() => requireRecentAuth({ ...locals, session: { ...locals.session, reauthenticatedAt: new Date().toISOString() } })).not.toThrow();
		const events = (await auditEvents(t.db, p.accountId)).map((e) => e.event);
		expect(events).toContain('reauthenticated');
		expect(events).toContain('reauth_failed');
	});
});

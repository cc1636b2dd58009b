import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../src/lib/server/auth/login';
import { ACCOUNT_POLICY, IP_POLICY, delayAfter, recordFailure, waitBeforeAttempt } from '../../src/lib/server/auth/rate-limit';
import { addLicensee, auditEvents } from '../support/account-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
const T0 = new Date('2026-05-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(() => t.dispose());

describe('sign-in throttling', () => {
	it('delays grow with each failure for one EMS ID, and the right password waits too', async () => {
		const p = await addLicensee(t.db);
		const ip = '192.0.2.10';
		let now = T0.getTime();
		const attempt = (password: string) => signIn(t.db, { identifier: p.emsNumber, password }, { ip, now: new Date(now) });
		for (let i = 0; i < ACCOUNT_POLICY.free; i++) expect(await attempt('wrong-password')).toEqual({ ok: false, reason: 'invalid' });
		const waits: number[] = [];
		for (let i = 0; i < 4; i++) {
			expect(await attempt('wrong-password')).toEqual({ ok: false, reason: 'invalid' });
			const refused = await attempt(p.password!);
			if (refused.ok || refused.reason !== 'throttled') throw new Error(`expected throttling, got ${JSON.stringify(refused)}`);
			waits.push(refused.retryAfterSeconds);
			now += refused.retryAfterSeconds * 1000;
		}
		expect(waits).toEqual([2, 4, 8, 16]);
		expect(await attempt(p.password!)).toMatchObject({ ok: true });
		// Success clears the EMS ID's count.
		expect(await attempt('wrong-password')).toEqual({ ok: false, reason: 'invalid' });
		expect((await auditEvents(t.db, null)).map((e) => e.event)).toContain('login_throttled');
	});

	it('throttles an unknown EMS ID exactly like a real one', async () => {
		const ip = '192.0.2.11';
		for (let i = 0; i <= ACCOUNT_POLICY.free; i++) {
			await signIn(t.db, { identifier: '880001', password: 'x-password' }, { ip, now: T0 });
		}
		expect(await signIn(t.db, { identifier: '880001', password: 'x-password' }, { ip, now: at(500) })).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 2
		});
	});

	it('throttles one address guessing across many EMS IDs, not other addresses', async () => {
		const ip = '192.0.2.12';
		for (let i = 0; i < IP_POLICY.free + 1; i++) {
			await signIn(t.db, { identifier: String(700100 + i), password: 'guess-password' }, { ip, now: T0 });
		}
		const p = await addLicensee(t.db);
		expect(await signIn(t.db, { identifier: p.emsNumber, password: p.password! }, { ip, now: at(100) })).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		expect(await signIn(t.db, { identifier: p.emsNumber, password: p.password! }, { ip: '192.0.2.13', now: at(100) })).toMatchObject({ ok: true });
	});

	it('keeps its counts in the database, where every server process sees them', async () => {
		const rows = await t.db.selectFrom('authThrottle').selectAll().where('key', 'like', 'login:ip:192.0.2.12').execute();
		expect(rows[0]).toMatchObject({ failures: IP_POLICY.free + 1 });
	});

	it('forgets failures older than the window', async () => {
		const key = 'login:id:forgetful';
		for (let i = 0; i < 5; i++) await recordFailure(t.db, key, ACCOUNT_POLICY, T0);
		expect(await waitBeforeAttempt(t.db, [key], T0)).toBeGreaterThan(0);
		expect(await recordFailure(t.db, key, ACCOUNT_POLICY, at(ACCOUNT_POLICY.windowMs + 1000))).toBe(1);
		expect(await waitBeforeAttempt(t.db, [key], at(ACCOUNT_POLICY.windowMs + 1000))).toBe(0);
		expect(delayAfter(100, ACCOUNT_POLICY)).toBe(ACCOUNT_POLICY.maxDelayMs);
	});
});

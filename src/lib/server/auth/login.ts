import type { Db } from '../db';
import { audit } from './audit';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { ACCOUNT_POLICY, IP_POLICY, accountKey, clearFailures, ipKey, refundAttempt, reserveAttempt, waitBeforeAttempt } from './rate-limit';
import { createSession } from './sessions';

export type SignInResult =
	| { ok: true; accountId: string; role: 'licensee' | 'office'; token: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

let dummyHash: Promise<string> | undefined;

/**
 * Counts the attempt against the account and the address before any password is checked, both at once, so a burst
 * of concurrent attempts gets no more checks than the same attempts one by one (decision 017). When either key is
 * blocked the other's reservation is given back and the answer says how long to wait.
 */
async function reserve(db: Db, keys: [string, string], now: Date): Promise<number> {
	const [onAccount, onAddress] = await Promise.all([
		reserveAttempt(db, keys[0], ACCOUNT_POLICY, now),
		reserveAttempt(db, keys[1], IP_POLICY, now)
	]);
	if (onAccount && onAddress) return 0;
	await Promise.all([onAccount && refundAttempt(db, keys[0], ACCOUNT_POLICY), onAddress && refundAttempt(db, keys[1], IP_POLICY)]);
	return Math.max(1000, await waitBeforeAttempt(db, keys, now));
}

/** A right password: the account's count starts over, and the address gets its reserved attempt back. */
async function settleSuccess(db: Db, keys: [string, string]): Promise<void> {
	await Promise.all([clearFailures(db, keys[0]), refundAttempt(db, keys[1], IP_POLICY)]);
}

/** Licensees sign in with their ND EMS #, office staff with their email; nobody learns which part was wrong. */
export async function signIn(
	db: Db,
	input: { identifier: string; password: string },
	ctx: { ip: string; userAgent?: string | null; now?: Date }
): Promise<SignInResult> {
	const now = ctx.now ?? new Date();
	const identifier = input.identifier.trim().toLowerCase();
	const keys: [string, string] = [accountKey(identifier), ipKey(ctx.ip)];
	const wait = await reserve(db, keys, now);
	if (wait > 0) {
		await audit(db, { event: 'login_throttled', ip: ctx.ip, detail: { identifier: identifier.slice(0, 100) } }, now);
		return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
	}

	const account = identifier.includes('@')
		? await db.selectFrom('accounts').selectAll().where('email', '=', identifier).where('role', '=', 'office').executeTakeFirst()
		: await db.selectFrom('accounts').selectAll().where('emsNumber', '=', identifier).executeTakeFirst();

	// Unknown accounts and accounts without a password still pay for one hash, so timing tells nothing either.
	dummyHash ??= hashPassword('not a password anyone has');
	const valid = await verifyPassword(account?.passwordHash ?? (await dummyHash), input.password);

	if (!account || !account.passwordHash || !valid) {
		await audit(db, { event: 'login_failed', accountId: account?.id ?? null, ip: ctx.ip, detail: { method: 'password' } }, now);
		return { ok: false, reason: 'invalid' };
	}

	await settleSuccess(db, keys);
	// Hashes made with weaker settings are upgraded the moment the plain password is at hand.
	if (needsRehash(account.passwordHash)) {
		await db.updateTable('accounts').set({ passwordHash: await hashPassword(input.password) }).where('id', '=', account.id).execute();
	}
	const { token } = await createSession(db, account.id, { ip: ctx.ip, userAgent: ctx.userAgent }, now);
	await audit(db, { event: 'login_succeeded', accountId: account.id, ip: ctx.ip, detail: { method: 'password' } }, now);
	return { ok: true, accountId: account.id, role: account.role, token };
}

export type ConfirmResult = { ok: true } | Exclude<SignInResult, { ok: true }>;

/** "Confirm it's you" with the password: refreshes the session's re-authentication time. */
export async function confirmWithPassword(
	db: Db,
	session: { id: string; accountId: string },
	password: string,
	ctx: { ip: string; now?: Date }
): Promise<ConfirmResult> {
	const now = ctx.now ?? new Date();
	const keys: [string, string] = [`reauth:${session.accountId}`, ipKey(ctx.ip)];
	const wait = await reserve(db, keys, now);
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
	const account = await db.selectFrom('accounts').select(['passwordHash']).where('id', '=', session.accountId).executeTakeFirst();
	dummyHash ??= hashPassword('not a password anyone has');
	const valid = await verifyPassword(account?.passwordHash ?? (await dummyHash), password);
	if (!account?.passwordHash || !valid) {
		await audit(db, { event: 'reauth_failed', accountId: session.accountId, ip: ctx.ip, detail: { method: 'password' } }, now);
		return { ok: false, reason: 'invalid' };
	}
	await settleSuccess(db, keys);
	await db.updateTable('sessions').set({ reauthenticatedAt: now.toISOString() }).where('id', '=', session.id).execute();
	await audit(db, { event: 'reauthenticated', accountId: session.accountId, ip: ctx.ip, detail: { method: 'password' } }, now);
	return { ok: true };
}

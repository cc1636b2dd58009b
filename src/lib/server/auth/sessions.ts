import type { Cookies } from '@sveltejs/kit';
import type { SessionUser } from '$lib/domain/session-user';
import type { Db } from '../db';
import { newToken, sha256Hex } from './secrets';

export const SESSION_COOKIE = 'session';
export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often: a write per request would cost more than the idle timeout needs. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionInfo {
	id: string;
	accountId: string;
	reauthenticatedAt: string | null;
}

/**
 * Starts a session with a fresh token (never reusing one from before sign-in). Signing in counts as confirming
 * who you are, so the re-authentication window starts now.
 */
export async function createSession(
	db: Db,
	accountId: string,
	context: { ip?: string | null; userAgent?: string | null } = {},
	now = new Date()
): Promise<{ token: string; id: string }> {
	const token = newToken();
	const id = sha256Hex(token);
	const at = now.toISOString();
	await db
		.insertInto('sessions')
		.values({
			id,
			accountId,
			createdAt: at,
			lastSeenAt: at,
			expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS).toISOString(),
			reauthenticatedAt: at,
			ip: context.ip ?? null,
			userAgent: context.userAgent?.slice(0, 300) ?? null
		})
		.execute();
	return { token, id };
}

/**
 * The session and its person for a cookie token, or null when unknown, idle too long or past its absolute end.
 * One statement: every signed-in request starts here, and on PostgreSQL each round trip costs more than the
 * lookup itself. The agencies the person leads come as extra rows of the left join (one per agency led).
 */
export async function validateSession(
	db: Db,
	token: string,
	now = new Date()
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
	if (!token || token.length > 100) return null;
	const id = sha256Hex(token);
	const today = now.toISOString().slice(0, 10);
	const rows = await db
		.selectFrom('sessions')
		.innerJoin('accounts', 'accounts.id', 'sessions.accountId')
		.leftJoin('affiliations as led', (join) =>
			join
				.onRef('led.emsNumber', '=', 'accounts.emsNumber')
				.on('led.role', '=', 'squad_leader')
				.on('led.deletedAt', 'is', null)
				.on((eb) => eb.or([eb('led.endedOn', 'is', null), eb('led.endedOn', '>=', today)]))
		)
		.select([
			'sessions.id',
			'sessions.accountId',
			'sessions.lastSeenAt',
			'sessions.expiresAt',
			'sessions.reauthenticatedAt',
			'accounts.emsNumber',
			'accounts.email',
			'accounts.role',
			'led.agencyNumber as ledAgency'
		])
		.where('sessions.id', '=', id)
		.execute();
	const row = rows[0];
	if (!row) return null;
	const nowMs = now.getTime();
	if (nowMs >= Date.parse(row.expiresAt) || nowMs - Date.parse(row.lastSeenAt) >= IDLE_TIMEOUT_MS) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	if (nowMs - Date.parse(row.lastSeenAt) >= TOUCH_INTERVAL_MS) {
		await db.updateTable('sessions').set({ lastSeenAt: now.toISOString() }).where('id', '=', id).execute();
	}
	const leaderOf = row.emsNumber ? [...new Set(rows.map((r) => r.ledAgency).filter((a): a is string => a !== null))].sort() : [];
	return {
		session: { id: row.id, accountId: row.accountId, reauthenticatedAt: row.reauthenticatedAt },
		user: { accountId: row.accountId, role: row.role, emsNumber: row.emsNumber, email: row.email, leaderOf }
	};
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** After a password change every device must sign in again, including any an attacker may hold. */
export async function endAllSessions(db: Db, accountId: string): Promise<void> {
	await db.deleteFrom('sessions').where('accountId', '=', accountId).execute();
}

export async function markReauthenticated(db: Db, sessionId: string, now = new Date()): Promise<void> {
	await db.updateTable('sessions').set({ reauthenticatedAt: now.toISOString() }).where('id', '=', sessionId).execute();
}

const isLocalHost = (hostname: string) => hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';

/** Secure everywhere except plain http on this machine, where browsers would refuse to store it. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: !(url.protocol === 'http:' && isLocalHost(url.hostname)),
		maxAge: ABSOLUTE_TIMEOUT_MS / 1000
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

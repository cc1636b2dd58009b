import { sql } from 'kysely';
import type { Db } from '../db';

/**
 * Sign-in throttling with growing delays, kept in the database so every server process sharing it enforces the
 * same limits. Keys are the typed identifier (whether or not an account has it, so throttling does not reveal who is
 * registered) and the client's address.
 */

export interface ThrottlePolicy {
	/** Failures allowed before any delay. */
	free: number;
	/** Delay after the first failure beyond `free`; it doubles with each further one. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Failures older than this are forgotten. */
	windowMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { free: 3, baseDelayMs: 2_000, maxDelayMs: 15 * 60_000, windowMs: 24 * 60 * 60_000 };
export const IP_POLICY: ThrottlePolicy = { free: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: 60 * 60_000 };

export const accountKey = (identifier: string) => `login:id:${identifier.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `login:ip:${ip}`;

/** How long the n-th failure blocks further attempts. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
	if (failures <= policy.free) return 0;
	return Math.min(policy.baseDelayMs * 2 ** (failures - policy.free - 1), policy.maxDelayMs);
}

/** Milliseconds until any of the keys may try again; 0 when all may. */
export async function waitBeforeAttempt(db: Db, keys: string[], now = new Date()): Promise<number> {
	const rows = await db.selectFrom('authThrottle').select(['blockedUntil']).where('key', 'in', keys).execute();
	let wait = 0;
	for (const r of rows) {
		if (r.blockedUntil) wait = Math.max(wait, Date.parse(r.blockedUntil) - now.getTime());
	}
	return Math.max(0, wait);
}

/** Counts a failure atomically (concurrent processes each add one) and sets the block its new count earns. */
export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy, now = new Date()): Promise<number> {
	const at = now.toISOString();
	const windowStart = new Date(now.getTime() - policy.windowMs).toISOString();
	const row = await db
		.insertInto('authThrottle')
		.values({ key, failures: 1, lastFailureAt: at, blockedUntil: null })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				failures: sql<number>`case when auth_throttle.last_failure_at < ${windowStart} then 1 else auth_throttle.failures + 1 end`,
				lastFailureAt: at
			})
		)
		.returning('failures')
		.executeTakeFirstOrThrow();
	const failures = Number(row.failures);
	const delay = delayAfter(failures, policy);
	await db
		.updateTable('authThrottle')
		.set({ blockedUntil: delay > 0 ? new Date(now.getTime() + delay).toISOString() : null })
		.where('key', '=', key)
		.execute();
	return failures;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
	await db.deleteFrom('authThrottle').where('key', '=', key).execute();
}

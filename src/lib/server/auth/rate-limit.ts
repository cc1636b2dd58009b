import { sql, type RawBuilder } from 'kysely';
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

/**
 * The block the n-th failure earns, as one SQL expression over the new count, so an attempt counts itself and sets
 * the block it earns in the same statement: no later attempt can slip in between (decision 017).
 */
function blockAfterExpression(count: RawBuilder<number>, policy: ThrottlePolicy, now: Date) {
	const steps: RawBuilder<unknown>[] = [];
	for (let n = policy.free + 1; delayAfter(n - 1, policy) < policy.maxDelayMs; n++) {
		steps.push(sql`when ${count} = ${n} then ${new Date(now.getTime() + delayAfter(n, policy)).toISOString()}`);
	}
	const longest = new Date(now.getTime() + policy.maxDelayMs).toISOString();
	return sql<string | null>`case when ${count} <= ${policy.free} then null ${sql.join(steps, sql` `)} else ${longest} end`;
}

/**
 * Reserves one attempt for a key before the password is checked: counts it as a failure and sets the block that
 * count earns, unless the key is blocked now. Returns false when blocked. A success then clears or refunds it.
 */
export async function reserveAttempt(db: Db, key: string, policy: ThrottlePolicy, now = new Date()): Promise<boolean> {
	const at = now.toISOString();
	const windowStart = new Date(now.getTime() - policy.windowMs).toISOString();
	const newCount = sql<number>`(case when auth_throttle.last_failure_at < ${windowStart} then 1 else auth_throttle.failures + 1 end)`;
	const row = await db
		.insertInto('authThrottle')
		.values({ key, failures: 1, lastFailureAt: at, blockedUntil: delayAfter(1, policy) > 0 ? new Date(now.getTime() + delayAfter(1, policy)).toISOString() : null })
		.onConflict((oc) =>
			oc
				.column('key')
				.doUpdateSet({ failures: newCount, lastFailureAt: at, blockedUntil: blockAfterExpression(newCount, policy, now) })
				.where((eb) => eb.or([eb('authThrottle.blockedUntil', 'is', null), eb('authThrottle.blockedUntil', '<=', at)]))
		)
		.returning('failures')
		.executeTakeFirst();
	return row !== undefined;
}

/** Gives back a reserved attempt that turned out not to be a failure; lifts the block if the count is free again. */
export async function refundAttempt(db: Db, key: string, policy: ThrottlePolicy): Promise<void> {
	await db
		.updateTable('authThrottle')
		.set({
			failures: sql<number>`case when failures > 0 then failures - 1 else 0 end`,
			blockedUntil: sql<string | null>`case when failures - 1 <= ${policy.free} then null else blocked_until end`
		})
		.where('key', '=', key)
		.execute();
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

import type { Db } from '../db';

export interface RateLimit {
	/** Requests allowed per window. */
	limit: number;
	windowSeconds: number;
}

export interface RateLimitResult {
	allowed: boolean;
	hits: number;
	/** Seconds until the window resets; what a 429's Retry-After says. */
	retryAfter: number;
}

/**
 * Counts one request in `bucket` and says whether it is within the limit. A fixed window counted by one
 * upsert: atomic in both SQLite and PostgreSQL, so concurrent requests from several processes never lose a hit.
 */
export async function hitRateLimit(db: Db, bucket: string, limit: RateLimit, now = Date.now()): Promise<RateLimitResult> {
	const nowSeconds = Math.floor(now / 1000);
	const windowStart = nowSeconds - (nowSeconds % limit.windowSeconds);
	const row = await db
		.insertInto('rateLimits')
		.values({ bucket, windowStart, hits: 1 })
		.onConflict((oc) => oc.columns(['bucket', 'windowStart']).doUpdateSet((eb) => ({ hits: eb('rateLimits.hits', '+', 1) })))
		.returning('hits')
		.executeTakeFirstOrThrow();
	const hits = Number(row.hits);
	// The first hit of a bucket's window sweeps windows that have ended; the index keeps that cheap.
	if (hits === 1) await db.deleteFrom('rateLimits').where('windowStart', '<', windowStart - limit.windowSeconds).execute();
	return { allowed: hits <= limit.limit, hits, retryAfter: windowStart + limit.windowSeconds - nowSeconds };
}

/** Public verification endpoints: generous for a person checking a few cards, tight for someone scraping. */
export function verifyRateLimit(): RateLimit {
	const limit = Number(process.env.VERIFY_RATE_LIMIT ?? 30);
	return { limit: Number.isFinite(limit) && limit > 0 ? limit : 30, windowSeconds: 60 };
}

import { error, json, type RequestEvent } from '@sveltejs/kit';
import type { Db } from '../db';
import { hitRateLimit, verifyRateLimit } from './rate-limit';

/**
 * Shared by the public verification endpoints: counts the request against the client's limit (one budget for
 * status and lookup together), then answers uncached JSON — status can change at any moment.
 */
export async function publicVerifyResponse(
	db: Db,
	event: Pick<RequestEvent, 'getClientAddress'>,
	answer: (db: Db) => Promise<unknown>
): Promise<Response> {
	const limit = await hitRateLimit(db, `verify:${event.getClientAddress()}`, verifyRateLimit());
	if (!limit.allowed) {
		return json(
			{ message: 'Too many verification requests. Try again in a minute.' },
			{ status: 429, headers: { 'Retry-After': String(limit.retryAfter), 'Cache-Control': 'no-store' } }
		);
	}
	return json(await answer(db), { headers: { 'Cache-Control': 'no-store' } });
}

export function requiredQuery(url: URL, name: string): string {
	const value = url.searchParams.get(name)?.trim() ?? '';
	if (value === '' || value.length > 40) error(400, `Give the ${name} to look up (up to 40 characters).`);
	return value;
}

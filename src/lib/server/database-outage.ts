import type { Handle, RequestEvent } from '@sveltejs/kit';
import { isPassingDatabaseFailure } from './db/failures';

/**
 * While the database cannot be reached (PostgreSQL stopped, restarting, the connection lost), every request that
 * needs it is answered 503 with a sentence and Retry-After, not 500: the device keeps its outbox and retries, a
 * person reads that it is the server's moment, not their input. The pool reconnects by itself once the database is
 * back, so the same process recovers (decision 048, tests/server/sync-db-outage.spec.ts).
 */
export const DATABASE_UNREACHABLE = 'The registry cannot reach its database just now. Your changes are kept; try again in a minute.';

/** Requests whose error handleError found to be a database outage (the error itself never reaches `handle`). */
const outages = new WeakSet<RequestEvent>();

/** Called by handleError: true when this error is the database being unreachable (then the answer becomes 503). */
export function noteDatabaseOutage(event: RequestEvent, error: unknown): boolean {
	if (!isPassingDatabaseFailure(error)) return false;
	outages.add(event);
	return true;
}

function unreachable(request: Request): Response {
	const headers = { 'retry-after': '5', 'cache-control': 'no-store' };
	if ((request.headers.get('accept') ?? '').includes('text/html')) {
		return new Response(DATABASE_UNREACHABLE, { status: 503, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
	}
	return Response.json({ message: DATABASE_UNREACHABLE }, { status: 503, headers });
}

/** Wraps the app's handle: a database outage in the hook itself (the session check) or in a route becomes a 503. */
export function answeringDatabaseOutage(inner: Handle): Handle {
	return async (input) => {
		let response: Response;
		try {
			response = await inner(input);
		} catch (error) {
			if (!noteDatabaseOutage(input.event, error)) throw error;
			console.error(`database unreachable: ${(error as Error).message}`);
			return unreachable(input.event.request);
		}
		return response.status === 500 && outages.has(input.event) ? unreachable(input.event.request) : response;
	};
}

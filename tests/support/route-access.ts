import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '../../src/lib/domain/session-user';
import { authorize } from '../../src/lib/server/auth/access';
import { pathFor, routesOnDisk } from './routes-on-disk';

/** The route ids on disk (groups included), for the access tests that walk every route. */
export const routeIds = (): string[] => routesOnDisk().map((r) => r.id);

/** The event `authorize()` sees for a route id, as `user` (null: no session); parameters are filled with "7001". */
export function eventFor(
	id: string,
	method: string,
	user: SessionUser | null,
	{ accept = 'text/html', reauthenticatedAt = null }: { accept?: string; reauthenticatedAt?: string | null } = {}
): RequestEvent {
	const { path, params } = pathFor(id);
	const url = new URL(`http://localhost${path}`);
	return {
		route: { id },
		params,
		url,
		request: new Request(url, { method, headers: { accept } }),
		locals: { user, session: user ? { id: 'session', reauthenticatedAt } : null }
	} as unknown as RequestEvent;
}

/** What `authorize()` answers, in words a test compares: allowed, redirect <path> or status <code>. */
export function outcome(event: RequestEvent): string {
	try {
		authorize(event);
		return 'allowed';
	} catch (e) {
		if (isRedirect(e)) return `redirect ${e.location.split('?')[0]}`;
		if (isHttpError(e)) return `status ${e.status}`;
		throw e;
	}
}

export const licensee: SessionUser = { accountId: 'a1', role: 'licensee', emsNumber: '100002', email: 'medic@example.org', leaderOf: [] };
/** A leader of agency "7001", the number every route parameter is filled with. */
export const leader: SessionUser = { ...licensee, accountId: 'a2', emsNumber: '100003', leaderOf: ['7001'] };
export const office: SessionUser = { accountId: 'a3', role: 'office', emsNumber: null, email: 'office@example.org', leaderOf: [] };

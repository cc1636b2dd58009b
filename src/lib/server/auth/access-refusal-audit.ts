import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { appDatabase } from '../app-database';
import type { Db } from '../db';
import { audit } from './audit';

/**
 * An `authorize()` refusal (403) of a signed-in account, as an audit row: who, which route and address. Sign-in
 * redirects and the 401 of a missing session are not refusals of a person and are not kept.
 */
export async function auditAccessRefusal(
	event: Pick<RequestEvent, 'locals' | 'route' | 'url' | 'getClientAddress'>,
	refusal: unknown,
	open: () => Promise<Db> = async () => (await appDatabase()).db
): Promise<void> {
	if (!isHttpError(refusal) || refusal.status !== 403 || !event.locals.user) return;
	let ip: string | null = null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null;
	}
	try {
		await audit(await open(), { event: 'access_refused', accountId: event.locals.user.accountId, ip, detail: { route: event.route.id, path: event.url.pathname } });
	} catch (failure) {
		// The refusal stands whether or not it could be written down.
		console.error('could not audit an access refusal', failure);
	}
}

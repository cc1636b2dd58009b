import { error, redirect } from '@sveltejs/kit';
import { onSitePath } from '$lib/domain/return-path';

/** One "Confirm it's you" covers every sensitive step (Edit, Print License, agency changes, passkeys) this long. */
export const REAUTH_WINDOW_MS = 10 * 60_000;

export function isRecentlyAuthenticated(session: App.Locals['session'], now = new Date()): boolean {
	if (!session?.reauthenticatedAt) return false;
	return now.getTime() - Date.parse(session.reauthenticatedAt) < REAUTH_WINDOW_MS;
}

/** Where "Confirm it's you" sends the person back to; only paths on this site. */
export function confirmUrl(returnTo: string): string {
	return `/confirm?next=${encodeURIComponent(safeReturnPath(returnTo))}`;
}

export function safeReturnPath(path: string | null | undefined, fallback = '/dashboard'): string {
	return onSitePath(path) || fallback;
}

/**
 * Throws unless the person confirmed who they are within the last 10 minutes: pages (`returnTo` given) go to
 * "Confirm it's you" and come back; endpoints answer 401 so the client can ask and retry.
 */
export function requireRecentAuth(locals: App.Locals, returnTo?: string): void {
	if (!locals.user || !locals.session) {
		if (returnTo) redirect(303, `/login?next=${encodeURIComponent(safeReturnPath(returnTo))}`);
		error(401, 'Sign in first.');
	}
	if (isRecentlyAuthenticated(locals.session)) return;
	if (returnTo) redirect(303, confirmUrl(returnTo));
	error(401, "Confirm it's you first.");
}

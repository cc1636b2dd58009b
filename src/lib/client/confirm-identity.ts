import { redirect } from '@sveltejs/kit';
import { deviceDb, getMeta, setMeta } from './device-db';

/**
 * "Confirm it's you" before a sensitive step (Edit): one confirmation counts for 10 minutes. The server decides;
 * the device remembers until when, so a person who confirmed and then lost the connection can still finish.
 * Offline with no recent confirmation there is nothing to check a password against, and the step waits.
 */
export type Confirmation = { ok: true } | { ok: false; reason: 'offline' };

const KEY = 'confirmedUntil';

/**
 * For pages the service worker answers without asking the server (every navigation gets the offline shell), so the
 * server's "sign in first" redirect never runs: online, a signed-out person is sent to sign in here instead.
 * It also notes how long the sign-in or last confirmation counts, so Edit opens during those 10 minutes even if the
 * connection drops before the person gets there. Offline, or when the server is slow, the page simply shows.
 */
export async function checkSession(returnTo: string, fetchFn: typeof fetch = fetch): Promise<void> {
	let response: Response;
	try {
		response = await fetchFn('/api/session/confirmation', { cache: 'no-store', credentials: 'same-origin', signal: AbortSignal.timeout(2_000) });
	} catch {
		return;
	}
	if (response.status === 401) redirect(303, `/login?next=${encodeURIComponent(returnTo)}`);
	if (!response.ok) return;
	const { remainingMs } = (await response.json()) as { remainingMs: number };
	await setMeta(deviceDb(), KEY, remainingMs > 0 ? Date.now() + remainingMs : 0);
}

export async function confirmIdentity(returnTo: string, fetchFn: typeof fetch = fetch): Promise<Confirmation> {
	const db = deviceDb();
	let response: Response;
	try {
		response = await fetchFn('/api/session/confirmation', { cache: 'no-store', credentials: 'same-origin' });
	} catch {
		const until = (await getMeta<number>(db, KEY)) ?? 0;
		return Date.now() < until ? { ok: true } : { ok: false, reason: 'offline' };
	}
	const next = encodeURIComponent(returnTo);
	if (response.status === 401) redirect(303, `/login?next=${next}`);
	const { remainingMs } = response.ok ? ((await response.json()) as { remainingMs: number }) : { remainingMs: 0 };
	if (remainingMs <= 0) {
		await setMeta(db, KEY, 0);
		redirect(303, `/confirm?next=${next}`);
	}
	// Counted from the device's own clock, so a skewed clock does not stretch or shorten the window.
	await setMeta(db, KEY, Date.now() + remainingMs);
	return { ok: true };
}

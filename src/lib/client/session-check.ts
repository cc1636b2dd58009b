import { browser } from '$app/environment';
import { redirect } from '@sveltejs/kit';
import type { DeviceDb } from './device-db';
import { afterFirstScreen } from './first-screen';
import { forgetSignedIn, rememberSignedIn } from './signed-in-home';

/** The device-database note of until when the last confirmation holds (recent-auth.ts reads it). */
export const CONFIRMED_UNTIL = 'confirmedUntil';

/**
 * For pages the service worker answers without asking the server (every navigation gets the offline shell), so the
 * server's "sign in first" redirect never runs: online, a signed-out person is sent to sign in here instead. It also
 * notes how long the sign-in (which counts as a confirmation) still holds, so Edit opens during those 10 minutes even
 * if the connection drops before the person gets there. Offline, or when the server is slow, the page simply shows.
 *
 * Dexie-free until it writes the note: that write waits for the page's first screen (decision 044), so the
 * dashboard can be drawn before the device database loads.
 */
export async function checkSession(returnTo: string, fetchFn: typeof fetch = fetch, db?: DeviceDb): Promise<void> {
	let response: Response;
	try {
		response = await fetchFn('/api/session/confirmation', { cache: 'no-store', credentials: 'same-origin', signal: AbortSignal.timeout(2_000) });
	} catch {
		return;
	}
	if (response.status === 401) {
		forgetSignedIn(); // else /login would forward straight back here
		redirect(303, `/login?next=${encodeURIComponent(returnTo)}`);
	}
	if (!response.ok) return;
	rememberSignedIn('licensee');
	const { remainingMs } = (await response.json()) as { remainingMs: number };
	const until = remainingMs > 0 ? Date.now() + remainingMs : 0;
	const write = async (target: DeviceDb) => {
		const { setMeta } = await import('./device-db');
		await setMeta(target, CONFIRMED_UNTIL, until);
	};
	if (db) return write(db);
	if (!browser) return; // rendering on the server: the browser notes it when it runs this load again
	void afterFirstScreen()
		.then(async () => write((await import('./device-db')).deviceDb()))
		.catch(() => {});
}

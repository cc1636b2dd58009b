import { redirect } from '@sveltejs/kit';
import { deviceDb, getMeta, setMeta, type DeviceDb } from './device-db';
import { CONFIRMED_UNTIL } from './session-check';
import { forgetSignedIn } from './signed-in-home';

/**
 * "Confirm it's you" before a sensitive step (Edit, Print License, Print Agency License), for
 * pages that must also open offline and so have no server load. Online, the server's session decides (one
 * confirmation covers every step for 10 minutes); the device notes until when, in its own clock. Offline, that
 * note is all there is: within the window the step opens, after it the page explains that confirming needs a
 * connection. Confirming offline against a kept password hash was rejected (decision 004): a second copy of the
 * secret on the device, for a gate that guards data already on the device.
 */

export { CONFIRMED_UNTIL };

export type Confirmation = { ok: true } | { ok: false; message: string };

export const CONFIRM_OFFLINE_MESSAGE =
	"Before printing, confirm it's you. Confirming needs a connection, and your last confirmation on this device was more than 10 minutes ago. Connect to the internet and open this page again.";

/** Throws SvelteKit redirects (sign in, confirm); resolves when the step may open or with what to say when not. */
export async function requireConfirmation(returnTo: string, fetchFn: typeof fetch = fetch, db: DeviceDb = deviceDb()): Promise<Confirmation> {
	let response: Response | null = null;
	if (navigator.onLine) {
		try {
			response = await fetchFn('/api/session/confirmation', { cache: 'no-store', credentials: 'same-origin' });
		} catch {
			response = null; // the network went away: decide as offline
		}
	}
	if (response?.status === 401) {
		forgetSignedIn();
		redirect(303, `/login?next=${encodeURIComponent(returnTo)}`);
	}
	if (response?.ok) {
		const { confirmed, remainingMs } = (await response.json()) as { confirmed: boolean; remainingMs: number };
		if (!confirmed) {
			await setMeta(db, CONFIRMED_UNTIL, 0);
			redirect(303, `/confirm?next=${encodeURIComponent(returnTo)}`);
		}
		// Kept as a deadline on the device's clock, so a device whose clock differs from the server's is fine.
		await setMeta(db, CONFIRMED_UNTIL, Date.now() + remainingMs);
		return { ok: true };
	}
	if ((await getMeta<number>(db, CONFIRMED_UNTIL) ?? 0) > Date.now()) return { ok: true };
	return { ok: false, message: CONFIRM_OFFLINE_MESSAGE };
}

// Moved to a Dexie-free module so the dashboard's first screen does not wait for Dexie (decision 044).
export { checkSession } from './session-check';

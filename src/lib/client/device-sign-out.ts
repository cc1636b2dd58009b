import { wipeDevice } from './device-accounts';
import { deviceDb, waitingCount } from './device-db';
import { markDeviceInUse } from './device-in-use';
import { forgetSignedIn } from './signed-in-home';
import { syncOnce } from './sync';
import { announce, exclusively } from './sync-coordination';

/**
 * Before the session ends: send what waits, and if something of the person's still could not be sent, let them
 * choose between staying signed in (to sync later) and signing out, which deletes it from this device. Then end
 * the session and wipe the person's data, so the next person on a shared device sees none of it. Returns false
 * to stay signed in.
 *
 * All of it runs under the sync lock (decision 016): a sync of another tab or of Background Sync finishes before,
 * and one that starts after meets an ended session, which the server refuses, instead of writing the person's
 * data back into the wiped device. Other tabs are told first, so they stop starting syncs of their own.
 */
export async function leaveDevice(confirmLoss: (waiting: number) => boolean = defaultConfirm, fetchFn: typeof fetch = fetch): Promise<boolean> {
	const db = deviceDb();
	announce({ type: 'leaving' });
	const left = await exclusively(async () => {
		try {
			if (navigator.onLine) await syncOnce(db, fetchFn);
		} catch {
			/* offline or server trouble: counted below */
		}
		// The person's own: changes another person queued on this device stay for them (device-accounts.ts).
		const waiting = await waitingCount(db);
		if (waiting > 0 && !confirmLoss(waiting)) return false;
		await endSession(fetchFn);
		await wipeDevice(db);
		return true;
	});
	if (!left) announce({ type: 'stayed' });
	else {
		markDeviceInUse(false);
		forgetSignedIn();
	}
	return left;
}

/** Ends the session on the server now (the sign-out form posts again afterwards, which then only redirects). */
async function endSession(fetchFn: typeof fetch): Promise<void> {
	try {
		await fetchFn('/logout', { method: 'POST', credentials: 'same-origin', redirect: 'manual' });
	} catch {
		// Offline: the device is wiped all the same; the session ends when the sign-out form reaches the server.
	}
}

function defaultConfirm(waiting: number): boolean {
	return confirm(
		`${waiting} ${waiting === 1 ? 'change has' : 'changes have'} not reached the registry yet. Sign out anyway and delete ${waiting === 1 ? 'it' : 'them'} from this device?`
	);
}

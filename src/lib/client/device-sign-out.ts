import { deviceDb } from './device-db';
import { markDeviceInUse } from './device-in-use';
import { syncOnce } from './sync';

/**
 * Before the session ends: send what waits, and if something still could not be sent, let the person choose
 * between staying signed in (to sync later) and signing out, which deletes it from this device. Then wipe the
 * person's data, so the next person on a shared device sees none of it. Returns false to stay signed in.
 */
export async function leaveDevice(confirmLoss: (waiting: number) => boolean = defaultConfirm): Promise<boolean> {
	const db = deviceDb();
	try {
		if (navigator.onLine) await syncOnce(db);
	} catch {
		/* offline or server trouble: counted below */
	}
	const waiting = await db.outbox.count();
	if (waiting > 0 && !confirmLoss(waiting)) return false;
	await db.transaction('rw', db.tables, async () => {
		for (const table of db.tables) await table.clear();
	});
	markDeviceInUse(false);
	return true;
}

function defaultConfirm(waiting: number): boolean {
	return confirm(
		`${waiting} ${waiting === 1 ? 'change has' : 'changes have'} not reached the registry yet. Sign out anyway and delete ${waiting === 1 ? 'it' : 'them'} from this device?`
	);
}

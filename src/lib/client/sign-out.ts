/**
 * HOOK POINT for the sync issue: before the server session ends, the device must warn about unsynced changes and
 * wipe the signed-in person's local data (Dexie). Return false to keep the person signed in (they chose to stay and
 * sync first). Until the device database exists there is nothing to wipe.
 */
export async function prepareDeviceForSignOut(): Promise<boolean> {
	return true;
}

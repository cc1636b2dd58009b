import { activityFor, deviceOwner, getMeta, ownedBy, RECORD_TABLES, setMeta, type DeviceDb } from './device-db';

/**
 * One browser, several people (a shared station tablet): the device holds one person's data at a time, but
 * changes queued by someone whose session ended without signing out stay, tagged with their account, until
 * they sign in again and send them (decision 015). Each account has its own device id: the server registers
 * an id to one account (sync_clients), so a second person needs another id, while the global `sequence`
 * stays one counter for all of them (each id still sees increasing numbers).
 */

const clientIdKey = (accountId: string) => `clientId:${accountId}`;

/** This device's id for `accountId`, made on first use. */
export async function clientIdFor(db: DeviceDb, accountId: string): Promise<string> {
	return db.transaction('rw', db.meta, async () => {
		let id = await getMeta<string>(db, clientIdKey(accountId));
		if (!id) {
			// Before ids were per account, one id served the browser; it is registered to the owner of that time.
			const legacy = await getMeta<string>(db, 'clientId');
			const adopt = legacy !== undefined && (await deviceOwner(db)) === accountId;
			if (adopt) await db.meta.delete('clientId');
			id = adopt ? legacy : crypto.randomUUID();
			await setMeta(db, clientIdKey(accountId), id);
		}
		return id;
	});
}

/**
 * The server holds this id for another account (it answered 409): nothing was applied under it, so the changes
 * go again under a new id.
 */
export async function renewClientId(db: DeviceDb, accountId: string): Promise<void> {
	await setMeta(db, clientIdKey(accountId), crypto.randomUUID());
}

/** Tables an account switch rewrites. */
export function switchTables(db: DeviceDb) {
	return [...RECORD_TABLES.map((t) => db.table(t)), db.signedLicenses, db.meta, db.outbox, db.documents, db.conflicts, db.rejections, db.requests, db.activity];
}

/**
 * Makes `account` the device's owner. When it is someone else: the previous owner's queued changes and photos
 * are tagged with their account (kept, never sent under this session, not shown), everything pulled and
 * everything shown about them is forgotten, and the new owner's own earlier queued changes reappear in their
 * activity list. Returns whether the owner changed; the cursor is then 0 and the pull starts over.
 */
export async function adoptAccount(db: DeviceDb, account: { accountId: string; emsNumber: string | null }): Promise<boolean> {
	return db.transaction('rw', switchTables(db), async () => {
		const owner = await deviceOwner(db);
		if (owner === account.accountId) return false;
		if (owner) {
			await db.outbox.filter((e) => e.accountId === null).modify({ accountId: owner });
			await db.documents.filter((d) => !d.accountId).modify({ accountId: owner });
			const legacy = await getMeta<string>(db, 'clientId');
			if (legacy && !(await getMeta<string>(db, clientIdKey(owner)))) {
				await setMeta(db, clientIdKey(owner), legacy);
				await db.meta.delete('clientId');
			}
		}
		for (const t of RECORD_TABLES) await db.table(t).clear();
		await db.signedLicenses.clear();
		await Promise.all([db.conflicts.clear(), db.rejections.clear(), db.requests.clear(), db.activity.clear()]);
		const theirs = await db.outbox.filter((e) => e.accountId === account.accountId).toArray();
		await db.activity.bulkPut(theirs.map(activityFor));
		await setMeta(db, 'cursor', 0);
		await db.meta.delete('scope');
		await setMeta(db, 'accountId', account.accountId);
		await setMeta(db, 'emsNumber', account.emsNumber);
		return true;
	});
}

/** Queued changes of people other than the owner: kept for them, counted where the device offers to delete them. */
export function othersWaiting(db: DeviceDb, owner: string | undefined) {
	return db.outbox.filter((e) => !ownedBy(e, owner));
}

/**
 * Empties the device of the owner's data: everything but other people's queued changes and photos, the device
 * ids and the sequence counter (a number sent again under the same id would be taken for a resend). With
 * `everyone`, other people's queued changes go too (the person was told how many).
 */
export async function wipeDevice(db: DeviceDb, { everyone = false } = {}): Promise<void> {
	await db.transaction('rw', db.tables, async () => {
		const owner = await deviceOwner(db);
		const kept = everyone ? [] : await othersWaiting(db, owner).toArray();
		const keptDocuments = everyone ? [] : await db.documents.filter((d) => !ownedBy(d, owner)).toArray();
		const keptMeta = (await db.meta.toArray()).filter((m) => m.key === 'sequence' || m.key.startsWith('clientId:'));
		for (const table of db.tables) await table.clear();
		await db.outbox.bulkAdd(kept);
		await db.documents.bulkAdd(keptDocuments);
		await db.meta.bulkAdd(keptMeta);
	});
}

/** Deletes the changes other people queued on this device (after a warning that says how many). */
export async function deleteOthersWaiting(db: DeviceDb): Promise<number> {
	return db.transaction('rw', [db.outbox, db.documents, db.meta], async () => {
		const owner = await deviceOwner(db);
		const theirs = await othersWaiting(db, owner).primaryKeys();
		await db.outbox.bulkDelete(theirs);
		await db.documents.filter((d) => !ownedBy(d, owner)).delete();
		return theirs.length;
	});
}

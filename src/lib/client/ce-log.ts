import { deviceDb, deviceOwner, isQuotaError, StorageFullError, type CeEntry, type DeviceDb } from './device-db';
import { mutate } from './outbox';
import type { PreparedCertificate } from './certificate-file';

/**
 * The CE log on the device: what the CE page shows and the three things a person does to it. Entries go through
 * mutate() like every synced change (validated, written and queued in one transaction); a certificate is kept
 * beside its entry in `ceAttachments` and uploaded once the entry is on the server (ce-certificate-upload.ts).
 */

export type CeEntryFields = Omit<CeEntry, 'id' | 'emsNumber' | 'revision' | 'certificate'>;

export { myCeLog, type CeLog } from './ce-log-query';

async function keepCertificate(db: DeviceDb, ceEntryId: string, file: PreparedCertificate): Promise<void> {
	try {
		await db.transaction('rw', db.ceAttachments, db.meta, async () => {
			await db.ceAttachments.where('ceEntryId').equals(ceEntryId).delete();
			await db.ceAttachments.add({ id: crypto.randomUUID(), ceEntryId, ...file, accountId: (await deviceOwner(db)) ?? null, uploadedAt: null, refused: null });
		});
	} catch (error) {
		if (isQuotaError(error)) throw new StorageFullError();
		throw error;
	}
}

export async function addCeEntry(emsNumber: string, fields: CeEntryFields, certificate?: PreparedCertificate, db: DeviceDb = deviceDb()): Promise<string> {
	const id = crypto.randomUUID();
	await mutate({ table: 'ceEntries', id, op: 'insert', changes: { ...fields, id, emsNumber }, baseRevision: null }, db);
	if (certificate) await keepCertificate(db, id, certificate);
	return id;
}

/** Sends only the fields that changed; a new certificate replaces the one kept. */
export async function updateCeEntry(entry: CeEntry, fields: CeEntryFields, certificate?: PreparedCertificate, db: DeviceDb = deviceDb()): Promise<void> {
	const changes = Object.fromEntries(Object.entries(fields).filter(([k, value]) => (entry as unknown as Record<string, unknown>)[k] !== value));
	if (Object.keys(changes).length) await mutate({ table: 'ceEntries', id: entry.id, changes }, db);
	if (certificate) await keepCertificate(db, entry.id, certificate);
}

export async function deleteCeEntry(id: string, db: DeviceDb = deviceDb()): Promise<void> {
	await mutate({ table: 'ceEntries', id, op: 'delete', changes: {} }, db);
	await db.ceAttachments.where('ceEntryId').equals(id).delete();
}

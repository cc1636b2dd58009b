import { deviceOwner, ownedBy, type DeviceDb } from './device-db';

/**
 * Certificates go to their own endpoint after the sync, like request documents: a file is far bigger than a push
 * may be, and the entry must be on the server first. An entry is there once a pull returned it (revision > 0) and
 * no insert of it waits in the outbox. The file stays on the device after upload, so it opens offline.
 */
export async function uploadCertificates(db: DeviceDb, fetchFn: typeof fetch): Promise<number> {
	const owner = await deviceOwner(db);
	const waiting = await db.ceAttachments.filter((a) => !a.uploadedAt && !a.refused && ownedBy(a, owner)).toArray();
	let sent = 0;
	for (const attachment of waiting) {
		const entry = await db.ceEntries.get(attachment.ceEntryId);
		if (!entry || !(entry.revision > 0)) continue;
		const response = await fetchFn(`/api/ce-entries/${encodeURIComponent(attachment.ceEntryId)}/certificate`, {
			method: 'PUT',
			credentials: 'same-origin',
			headers: { 'content-type': attachment.type, 'x-file-name': encodeURIComponent(attachment.name) },
			body: attachment.blob
		});
		if (response.ok) {
			await db.ceAttachments.update(attachment.id, { uploadedAt: new Date().toISOString() });
			sent++;
		} else if (response.status === 413 || response.status === 415 || response.status === 400) {
			// Sending it again cannot help: keep the sentence where the person sees it.
			const body = (await response.json().catch(() => ({}))) as { message?: string };
			await db.ceAttachments.update(attachment.id, { refused: body.message ?? 'The server refused this file.' });
		} else if (response.status === 404) {
			// The entry is gone from the server (deleted on another device): so is the reason to send it.
			await db.ceAttachments.delete(attachment.id);
		} else {
			// A passing failure (offline, server busy): the sync retries later like any other.
			throw new Error(`The certificate could not be sent (${response.status}).`);
		}
	}
	return sent;
}

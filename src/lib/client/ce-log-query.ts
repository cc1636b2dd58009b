import { liveQuery, type Observable } from 'dexie';
import { deviceDb, getMeta, type CeAttachment, type CeEntry, type DeviceDb } from './device-db';

/** The CE log as the device holds it, for the CE page and the dashboard's line (which loads no writing code). */
export interface CeLog {
	emsNumber: string;
	entries: CeEntry[];
	/** Certificates kept on this device, by entry id. */
	attachments: Map<string, CeAttachment>;
}

/** undefined while loading; null when the person's record is not on this device. */
export function myCeLog(db: DeviceDb = deviceDb()): Observable<CeLog | null> {
	return liveQuery(async () => {
		const ems = await getMeta<string | null>(db, 'emsNumber');
		if (!ems) return null;
		const entries = await db.ceEntries.where('emsNumber').equals(ems).toArray();
		entries.sort((a, b) => b.completedOn.localeCompare(a.completedOn) || a.title.localeCompare(b.title));
		const attachments = await db.ceAttachments.where('ceEntryId').anyOf(entries.map((e) => e.id)).toArray();
		return { emsNumber: ems, entries, attachments: new Map(attachments.map((a) => [a.ceEntryId, a])) };
	});
}

import { liveQuery, type Observable } from 'dexie';
import { deviceDb, getMeta, type ActivityEntry, type LocalAffiliation, type LocalAgency, type LocalCredential, type LocalPerson, type OutboxEntry, type RequestEntry } from './device-db';

/**
 * The signed-in person's record as this device holds it (with their own unsent changes on top), for the
 * dashboard and Edit. A live query: a sync or an edit in another tab shows without reloading.
 */
export interface MyRecord {
	person: LocalPerson;
	credentials: LocalCredential[];
	affiliations: LocalAffiliation[];
	agencies: LocalAgency[];
	/** Name changes the server holds for the office. */
	requests: RequestEntry[];
	/** Name changes not yet sent. */
	queuedRequests: OutboxEntry[];
	activity: ActivityEntry[];
	/** The address codes and notices go to (last pull), null before the first; differs from person.email while a change waits. */
	confirmedEmail: string | null;
	/** An email change is still in this device's outbox. */
	emailQueued: boolean;
}

/** undefined while loading; null when the record has not reached this device (not synced yet, or signed out). */
export function myRecord(): Observable<MyRecord | null> {
	const db = deviceDb();
	return liveQuery(async () => {
		const ems = await getMeta<string | null>(db, 'emsNumber');
		const person = ems ? await db.persons.get(ems) : undefined;
		if (!ems || !person) return null;
		const affiliations = await db.affiliations.where('emsNumber').equals(ems).toArray();
		const [credentials, agencies, requests, queued, activity, confirmedEmail] = await Promise.all([
			db.credentials.where('emsNumber').equals(ems).toArray(),
			db.agencies.bulkGet(affiliations.map((a) => a.agencyNumber)),
			db.requests.where('[table+recordId]').equals(['persons', ems]).toArray(),
			db.outbox.where('[table+recordId]').equals(['persons', ems]).toArray(),
			db.activity.toArray(),
			getMeta<string>(db, 'confirmedEmail')
		]);
		return {
			person,
			credentials,
			affiliations,
			agencies: agencies.filter((a): a is LocalAgency => a !== undefined),
			requests,
			queuedRequests: queued.filter((e) => e.reason !== undefined),
			activity,
			confirmedEmail: confirmedEmail ?? null,
			emailQueued: queued.some((e) => e.reason === undefined && 'email' in e.changes)
		};
	});
}

// Kept in its own Dexie-free module so the dashboard's first screen can use it before Dexie loads (decision 044).
export { localToday } from './local-today';

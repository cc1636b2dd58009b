import { liveQuery, type Observable } from 'dexie';
import { isCurrent } from '$lib/domain/affiliation-roles';
import type { QueuedAddition, RosterCredential, RosterPerson } from '$lib/domain/roster-view';
import { deviceDb, getMeta, type LocalAffiliation, type LocalAgency, type LocalVehicle, type RequestEntry } from './device-db';
import { localToday } from './my-record';

/**
 * One agency as this device holds it, for the agency page: read from Dexie through a live query, so the page opens
 * offline and shows a change (here, from a sync, or another tab) at once. Only for a current squad leader of the
 * agency: the roster is not on the device otherwise, and the page says so.
 */
export interface AgencyRecord {
	agency: LocalAgency;
	/** Agencies the signed-in person leads (for the switcher), by number and name. */
	led: { number: string; name: string }[];
	memberships: LocalAffiliation[];
	persons: Map<string, RosterPerson>;
	credentials: Map<string, RosterCredential[]>;
	requests: RequestEntry[];
	queued: QueuedAddition[];
	vehicles: LocalVehicle[];
	/** Queued (unsent) changes per record id, for "Waiting to be sent". */
	unsentIds: Set<string>;
	ownEmsNumber: string;
}

export type AgencyRecordState = AgencyRecord | { missing: 'signed-out' | 'not-leader' | 'not-synced' };

export function agencyRecord(agencyNumber: string): Observable<AgencyRecordState> {
	const db = deviceDb();
	return liveQuery(async (): Promise<AgencyRecordState> => {
		const ems = await getMeta<string | null>(db, 'emsNumber');
		if (!ems) return { missing: 'signed-out' };
		const today = localToday();
		const own = await db.affiliations.where('emsNumber').equals(ems).toArray();
		const leads = own.filter((a) => a.role === 'squad_leader' && isCurrent(a, today)).map((a) => a.agencyNumber);
		if (!leads.includes(agencyNumber)) return { missing: 'not-leader' };
		const [agency, ledAgencies, memberships, credentialRows, requests, outbox, vehicles] = await Promise.all([
			db.agencies.get(agencyNumber),
			db.agencies.bulkGet([...new Set(leads)]),
			db.affiliations.where('agencyNumber').equals(agencyNumber).toArray(),
			// Every credential the device holds is the person's own or a member's: one read instead of 2,000 lookups.
			db.credentials.toArray(),
			db.requests.where('[table+recordId]').between(['affiliations', ''], ['affiliations', '\uffff']).toArray(),
			db.outbox.toArray(),
			db.vehicles.where('agencyNumber').equals(agencyNumber).toArray()
		]);
		if (!agency) return { missing: 'not-synced' };
		// Every person the device holds is the owner or a member of an agency they lead: one getAll reads them
		// far faster than 2,000 gets, and the map keeps only this roster's.
		const onRoster = new Set(memberships.map((m) => m.emsNumber));
		const persons = new Map<string, RosterPerson>();
		for (const p of await db.persons.toArray()) if (onRoster.has(p.emsNumber)) persons.set(p.emsNumber, p);
		const credentials = new Map<string, RosterCredential[]>();
		for (const c of credentialRows) {
			const list = credentials.get(c.emsNumber);
			if (list) list.push(c);
			else credentials.set(c.emsNumber, [c]);
		}
		const queued: QueuedAddition[] = outbox
			.filter((e) => e.table === 'affiliations' && e.op === 'insert')
			.map((e) => ({ recordId: e.recordId, changes: e.changes, needsOffice: e.reason !== undefined }));
		return {
			agency,
			led: ledAgencies.filter((a): a is LocalAgency => a !== undefined).map((a) => ({ number: a.number, name: a.name })).sort((a, b) => a.name.localeCompare(b.name)),
			memberships,
			persons,
			credentials,
			requests,
			queued,
			vehicles,
			unsentIds: new Set(outbox.map((e) => e.recordId)),
			ownEmsNumber: ems
		};
	});
}

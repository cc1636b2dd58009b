import { liveQuery, type Observable } from 'dexie';
import { currentCredential } from '$lib/domain/dashboard';
import { renewalMutation, type RenewalDraft } from '$lib/domain/renewal-application';
import { deviceDb, deviceOwner, getMeta, type DeviceDb, type LocalAgency, type LocalCredential, type RejectionEntry, type RenewalDraftEntry, type RequestEntry } from './device-db';
import { mutate } from './outbox';

/**
 * The renewal application on this device: its draft (saved as the person types, offline too), whether it waits in
 * the outbox, the office's newest answer (a pulled request of kind 'renewal') and a refusal of the last send.
 * "Submit renewal" queues it through the outbox like any change (outbox.ts mutate), with the card photo as the
 * request's document, uploaded after the push (sync.ts).
 */
export interface MyRenewal {
	emsNumber: string;
	credential: LocalCredential;
	draft: RenewalDraftEntry | null;
	queuedAt: string | null;
	request: RequestEntry | null;
	refusal: RejectionEntry | null;
	agencies: LocalAgency[];
}

export function myRenewal(db: DeviceDb = deviceDb()): Observable<MyRenewal | null> {
	return liveQuery(async () => {
		const ems = await getMeta<string | null>(db, 'emsNumber');
		if (!ems) return null;
		const credential = currentCredential(await db.credentials.where('emsNumber').equals(ems).toArray());
		if (!credential) return null;
		const key: [string, string] = ['credentials', credential.id];
		const [draft, queued, requests, refusals, affiliations] = await Promise.all([
			db.renewalDrafts.get(credential.id),
			db.outbox.where('[table+recordId]').equals(key).toArray(),
			db.requests.where('[table+recordId]').equals(key).toArray(),
			db.rejections.where('[table+recordId]').equals(key).toArray(),
			db.affiliations.where('emsNumber').equals(ems).toArray()
		]);
		const current = affiliations.filter((a) => !a.endedOn);
		const agencies = (await db.agencies.bulkGet(current.map((a) => a.agencyNumber))).filter((a): a is LocalAgency => a !== undefined);
		const request = requests.filter((r) => r.kind === undefined || r.kind === 'renewal').sort((a, b) => b.at.localeCompare(a.at))[0] ?? null;
		const waiting = queued.filter((e) => e.reason !== undefined).sort((a, b) => b.seq - a.seq)[0];
		return {
			emsNumber: ems,
			credential,
			draft: draft ?? null,
			queuedAt: waiting?.createdAt ?? null,
			request,
			refusal: refusals.sort((a, b) => b.at.localeCompare(a.at))[0] ?? null,
			agencies
		};
	});
}

export async function saveRenewalDraft(fields: Omit<RenewalDraft, 'updatedAt'>, card: RenewalDraftEntry['card'], db: DeviceDb = deviceDb()): Promise<void> {
	const owner = (await deviceOwner(db)) ?? null;
	await db.renewalDrafts.put({ ...fields, hasCard: !!card, card: card ?? null, accountId: owner, updatedAt: new Date().toISOString() });
}

/** Queues the application; the draft stays (marked older than the request) so a returned one can be corrected. */
export async function submitRenewal(credential: LocalCredential, draft: RenewalDraftEntry, today: string, db: DeviceDb = deviceDb()): Promise<void> {
	const { changes, reason } = renewalMutation(draft, credential, today);
	await db.rejections.where('[table+recordId]').equals(['credentials', credential.id]).delete();
	await mutate(
		{
			table: 'credentials',
			id: credential.id,
			changes,
			reason,
			baseRevision: credential.revision,
			...(draft.card && credential.level !== 'EMR' ? { document: draft.card } : {})
		},
		db
	);
}

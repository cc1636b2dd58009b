import { Dexie, type EntityTable } from 'dexie';
import type { RenewalDraft } from '$lib/domain/renewal-application';
import type { CredentialRecord } from '$lib/domain/dashboard';
import type { AgencyLicenseForPrint, LicenseForPrint } from '$lib/domain/license-for-print';
import type { FieldErrors } from '$lib/domain/validation';
import type { MutationOp } from '$lib/domain/sync-protocol';
import type { SyncTable } from '$lib/domain/sync-tables';

/**
 * The device's copy of what the signed-in person may see, plus what waits to be sent. Rows are stored in the
 * server's flat shape (the sync field names) with the server revision they were last pulled at; what the
 * screen shows is the server row with this device's pending changes applied on top.
 */

interface LocalRow {
	/** Server revision this row was last pulled at; 0 for a row made on this device and not yet pulled. */
	revision: number;
}
export interface LocalPerson extends LocalRow {
	emsNumber: string;
	firstName: string;
	middleName: string | null;
	lastName: string;
	suffix: string | null;
	/** Absent on members' rows a squad leader sees. */
	dateOfBirth?: string;
	email: string;
	mobilePhone: string | null;
	homePhone: string | null;
	street: string;
	street2: string | null;
	city: string;
	state: string;
	zip: string;
	/** 'off': the person turned renewal reminders off (RenewalReminders.svelte); absent or null: on. */
	renewalReminders?: 'on' | 'off' | null;
}
export interface LocalCredential extends LocalRow, CredentialRecord {
	id: string;
	emsNumber: string;
}
export interface LocalAgency extends LocalRow {
	number: string;
	name: string;
	type: string;
	parentNumber: string | null;
	phone: string;
	email: string;
	street: string;
	street2: string | null;
	city: string;
	state: string;
	zip: string;
	licenseNumber: string;
	licenseExpiresOn: string;
	/** Absent on rows pulled before 007-agency-roster. */
	contactPerson?: string | null;
	medicalDirector?: string | null;
}
export interface LocalAffiliation extends LocalRow {
	id: string;
	emsNumber: string;
	agencyNumber: string;
	role: string;
	startedOn: string;
	endedOn: string | null;
}
export interface LocalVehicle extends LocalRow {
	id: string;
	agencyNumber: string;
	unitNumber: string;
	vin: string;
	year: number;
	make: string;
	model: string;
	type: string;
	status: string;
	outOfServiceOn?: string | null;
	outOfServiceReason?: string | null;
}
/** A continuing-education entry (synced table `ceEntries`; fields and rules in domain/ce-entry.ts). */
export interface CeEntry extends LocalRow {
	id: string;
	emsNumber: string;
	title: string;
	provider: string;
	completedOn: string;
	hours: number;
	format: 'F1' | 'F2' | 'F3' | 'F4' | 'F5';
	component: 'national' | 'local' | 'individual' | null;
	topic: 'airway' | 'cardiovascular' | 'trauma' | 'medical' | 'operations' | null;
	/** 1: pediatric content. */
	pediatric: number | null;
	courseNumber: string | null;
	/** File name of the certificate the server holds (set by its upload), null when none. */
	certificate: string | null;
}
/** A CE entry's certificate (shrunk photo or PDF) kept on the device; uploaded once its entry is on the server. */
export interface CeAttachment {
	id: string;
	ceEntryId: string;
	name: string;
	type: string;
	blob: Blob;
	/** Who added it: another person's waits, unsent, like their queued changes. */
	accountId?: string | null;
	/** When the server took it; null while it waits. */
	uploadedAt?: string | null;
	/** The server refused it (the sentence); it is not sent again. */
	refused?: string | null;
}

export interface OutboxEntry {
	/** This device's sequence number for the mutation; the server applies each one once. */
	seq: number;
	table: SyncTable;
	recordId: string;
	op: MutationOp;
	baseRevision: number | null;
	changes: Record<string, unknown>;
	reason?: string;
	createdAt: string;
	/** Set when first sent. A sent entry is never changed again: the server may already have applied it. */
	sentAt: string | null;
	/** Account that made the change (null: queued by an older version, for the device's owner at the time). */
	accountId: string | null;
}

/** "Your change to <field> was not applied because it was changed elsewhere." */
export interface ConflictEntry {
	id?: number;
	table: SyncTable;
	recordId: string;
	field: string;
	label: string;
	yourValue: unknown;
	serverValue: unknown;
	serverRevision: number;
	at: string;
}

/** A mutation the server refused, kept until the person has seen it. */
export interface RejectionEntry {
	id?: number;
	seq: number;
	table: SyncTable;
	recordId: string;
	op: MutationOp;
	changes: Record<string, unknown>;
	reason: string;
	errors?: FieldErrors;
	/** The reason the person gave, when the refused change was a request (Edit shows it again for correction). */
	requestReason?: string;
	at: string;
}

/** A change sent to the office for approval (a legal name change, a roster addition), and how the office decided. */
export interface RequestEntry {
	id: string;
	table: SyncTable;
	recordId: string;
	changes: Record<string, unknown>;
	message: string;
	at: string;
	/** Absent on entries stored before decisions reached devices: pending. */
	status?: 'pending' | 'approved' | 'rejected';
	decisionNote?: string | null;
	decidedAt?: string | null;
	/** 'name' | 'member_addition' | …, as the server names it (pulled-requests.ts). */
	kind?: string;
	/** When the person dismissed the outcome; it is then no longer shown (kept so a later pull does not bring it back). */
	dismissedAt?: string;
}

/** What the person changed on this device and how it went: the dashboard's activity list. */
export interface ActivityEntry {
	/** The outbox sequence of the change; several quick edits folded into one entry share it. */
	seq: number;
	table: SyncTable;
	recordId: string;
	/** 'decision': the office decided a request of the person's (decision-activity.ts); seq is then below zero. */
	kind: 'change' | 'request' | 'decision';
	decision?: 'approved' | 'rejected';
	requestKind?: string;
	fields: string[];
	at: string;
	state: 'waiting' | 'applied' | 'conflict' | 'requested' | 'refused';
	settledAt: string | null;
	note?: string;
}

/** A photo of a document sent with a request (name change), kept until the server has it. */
export interface RequestDocument {
	id: string;
	/** Outbox sequence of the request it belongs to. */
	seq: number;
	/** The server's request id, once the request reached it; the upload waits for it. */
	requestId: string | null;
	/** Account whose request it is; absent on photos kept before another account signed in (the owner's). */
	accountId?: string | null;
	name: string;
	type: string;
	blob: Blob;
}

/**
 * A server-signed license kept for printing with no connection: the person's own (id `licensee`) and those of
 * the agencies they lead (id = agency number). Replaced whenever a pull changes the records they rest on.
 */
export type SignedLicenseEntry =
	| { id: 'licensee'; kind: 'licensee'; license: LicenseForPrint }
	| { id: string; kind: 'agency'; license: AgencyLicenseForPrint };

/** A renewal application being filled in on this device (renewal-draft.ts), with the NREMT card photo. */
export interface RenewalDraftEntry extends RenewalDraft {
	accountId?: string | null;
	card?: { name: string; type: string; blob: Blob } | null;
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

export class DeviceDb extends Dexie {
	persons!: EntityTable<LocalPerson, 'emsNumber'>;
	credentials!: EntityTable<LocalCredential, 'id'>;
	agencies!: EntityTable<LocalAgency, 'number'>;
	affiliations!: EntityTable<LocalAffiliation, 'id'>;
	vehicles!: EntityTable<LocalVehicle, 'id'>;
	ceEntries!: EntityTable<CeEntry, 'id'>;
	ceAttachments!: EntityTable<CeAttachment, 'id'>;
	outbox!: EntityTable<OutboxEntry, 'seq'>;
	conflicts!: EntityTable<ConflictEntry, 'id'>;
	rejections!: EntityTable<RejectionEntry, 'id'>;
	requests!: EntityTable<RequestEntry, 'id'>;
	activity!: EntityTable<ActivityEntry, 'seq'>;
	documents!: EntityTable<RequestDocument, 'id'>;
	meta!: EntityTable<MetaEntry, 'key'>;
	signedLicenses!: EntityTable<SignedLicenseEntry, 'id'>;
	renewalDrafts!: EntityTable<RenewalDraftEntry, 'credentialId'>;

	constructor(name = 'ems-registry') {
		super(name);
		// Each schema change is a new version() with the full store list and, when data must be reshaped, an
		// .upgrade(tx => …) that moves it; Dexie runs the missing steps in order on the device. Never edit a
		// released version: add the next one.
		this.version(1).stores({
			persons: 'emsNumber',
			credentials: 'id, emsNumber',
			agencies: 'number',
			affiliations: 'id, emsNumber, agencyNumber',
			vehicles: 'id, agencyNumber',
			ceEntries: 'id, emsNumber, completedOn',
			ceAttachments: 'id, ceEntryId',
			outbox: 'seq, [table+recordId]',
			conflicts: '++id, [table+recordId]',
			rejections: '++id, [table+recordId]',
			requests: 'id, [table+recordId]',
			meta: 'key'
		});
		// Signed licenses arrive with pulls that change their records; a device that pulled before this version
		// has none, so it pulls everything once more (cursor 0) and receives them.
		this.version(2)
			.stores({ signedLicenses: 'id' })
			.upgrade(async (tx) => {
				await tx.table('meta').put({ key: 'cursor', value: 0 });
			});
		this.version(3)
			.stores({ activity: 'seq', documents: 'id, seq, requestId' })
			.upgrade(async (tx) => {
				// Changes queued before the activity list existed still belong in it.
				const queued = (await tx.table('outbox').toArray()) as OutboxEntry[];
				await tx.table('activity').bulkPut(queued.map(activityFor));
			});
		// Renewal drafts (issue 12): a new store, nothing to move.
		this.version(8).stores({ renewalDrafts: 'credentialId' });
		// Another tab opened a newer version of this app: let it upgrade, and come back on the new code.
		this.on('versionchange', () => {
			this.close();
			// A page reloads; the service worker (no window) just lets go and opens the new version next time.
			if (typeof window !== 'undefined') location.reload();
			return false;
		});
	}
}

export function activityFor(entry: OutboxEntry): ActivityEntry {
	return {
		seq: entry.seq,
		table: entry.table,
		recordId: entry.recordId,
		kind: entry.reason !== undefined ? 'request' : 'change',
		fields: Object.keys(entry.changes),
		at: entry.createdAt,
		state: 'waiting',
		settledAt: null
	};
}

export const RECORD_TABLES = ['persons', 'credentials', 'agencies', 'affiliations', 'vehicles', 'ceEntries'] as const satisfies readonly SyncTable[];

let instance: DeviceDb | undefined;
/** The one device database of this tab. */
export function deviceDb(): DeviceDb {
	instance ??= new DeviceDb();
	return instance;
}

/** The person this device holds data for (meta `accountId`); undefined on a fresh or wiped device. */
export function deviceOwner(db: DeviceDb): Promise<string | undefined> {
	return getMeta<string>(db, 'accountId');
}

/**
 * Whether a queued change or photo is the owner's. Another person's stay on the device, unseen and unsent, until
 * they sign in again (device-accounts.ts); untagged ones were queued by the owner of the time.
 */
export function ownedBy(item: { accountId?: string | null }, owner: string | undefined): boolean {
	return item.accountId === null || item.accountId === undefined || item.accountId === owner;
}

/** The owner's queued changes, oldest first. */
export function ownOutbox(db: DeviceDb, owner: string | undefined) {
	return db.outbox.orderBy('seq').filter((e) => ownedBy(e, owner));
}

/**
 * The owner's document photos whose request has reached the server (it has a request id) and which wait to be
 * uploaded. Only those are in the requestId index: IndexedDB leaves null keys out, and a photo whose request is
 * still queued goes with that outbox entry.
 */
export function photosAwaitingUpload(db: DeviceDb, owner: string | undefined) {
	return db.documents.orderBy('requestId').filter((d) => ownedBy(d, owner));
}

/** The owner's changes not yet on the server: queued mutations and photos awaiting upload. */
export async function waitingCount(db: DeviceDb): Promise<number> {
	const owner = await deviceOwner(db);
	const [changes, photos, certificates] = await Promise.all([
		ownOutbox(db, owner).count(),
		photosAwaitingUpload(db, owner).count(),
		db.ceAttachments.filter((a) => !a.uploadedAt && !a.refused && ownedBy(a, owner)).count()
	]);
	return changes + photos + certificates;
}

export async function getMeta<T>(db: DeviceDb, key: string): Promise<T | undefined> {
	return (await db.meta.get(key))?.value as T | undefined;
}
export async function setMeta(db: DeviceDb, key: string, value: unknown): Promise<void> {
	await db.meta.put({ key, value });
}

/** A storage failure a person can act on. */
export class StorageFullError extends Error {
	constructor() {
		super(
			'This device is out of storage space for EMS Registry, so the change could not be kept. Free some space (remove unused apps, photos or other sites’ data), then try again. Changes saved earlier are safe.'
		);
		this.name = 'StorageFullError';
	}
}

export function isQuotaError(error: unknown): boolean {
	for (let e = error as { name?: string; inner?: unknown } | undefined, i = 0; e && i < 4; e = e.inner as typeof e, i++) {
		if (e.name === 'QuotaExceededError' || e.name === 'Dexie.QuotaExceededError') return true;
	}
	return false;
}

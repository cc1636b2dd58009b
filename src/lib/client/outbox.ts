import type { Table } from 'dexie';
import type { MutationOp } from '$lib/domain/sync-protocol';
import { PERSON_NAME_FIELDS, RECORD_KEY, type SyncTable } from '$lib/domain/sync-tables';
import type { FieldErrors } from '$lib/domain/validation';
import {
	activityFor,
	deviceDb,
	deviceOwner,
	getMeta,
	isQuotaError,
	setMeta,
	StorageFullError,
	type DeviceDb,
	type LocalAffiliation,
	type LocalVehicle,
	type OutboxEntry
} from './device-db';
import { notifyLocalWrite } from './local-writes';
import { coalesce } from './outbox-rules';

/**
 * Every local change goes here: it is validated with the shared field schemas, written to its table and queued
 * in the outbox in one Dexie transaction, so the screen (reading through liveQuery) shows it at once and it is
 * never written without also being queued. The sync (sync.ts) sends the outbox later.
 */

export class InvalidChangeError extends Error {
	constructor(readonly errors: FieldErrors) {
		super(Object.values(errors).join(' '));
		this.name = 'InvalidChangeError';
	}
}

/** Local writes notify these (the sync schedules itself ~2 s after a write). */
export { onLocalWrite } from './local-writes';

export interface MutateInput {
	table: SyncTable;
	id: string;
	/** Only the fields that changed. */
	changes: Record<string, unknown>;
	/** Revision of the record the person was looking at; the local row's revision when omitted. */
	baseRevision?: number | null;
	op?: MutationOp;
	/** A request that needs approval (name change): queued with its reason; the local record stays as it is. */
	reason?: string;
	/** A photo of a document sent with the request; uploaded once the server has the request. */
	document?: { name: string; type: string; blob: Blob };
}

async function nextSequence(db: DeviceDb): Promise<number> {
	// Above every queued entry too: a sequence the server has seen would be taken for a resend and skipped.
	const last = (await db.outbox.orderBy('seq').last())?.seq ?? 0;
	const seq = Math.max((await getMeta<number>(db, 'sequence')) ?? 0, last) + 1;
	await setMeta(db, 'sequence', seq);
	return seq;
}

/** The one way to change synced data on the device. */
export async function mutate(input: MutateInput, db: DeviceDb = deviceDb()): Promise<void> {
	const { table, id } = input;
	const key = RECORD_KEY[table];
	const op = input.op ?? 'update';
	let changes: Record<string, unknown> = {};
	if (op !== 'delete') {
		// The field schemas (valibot) load with the first write, not with every page that reads or syncs.
		const { validateChanges } = await import('$lib/domain/sync-validation');
		const checked = validateChanges(table, input.changes);
		if (!checked.ok) throw new InvalidChangeError(checked.errors);
		changes = checked.value;
	}
	const records = db.table(table) as Table<Record<string, unknown>, string>;
	try {
		await db.transaction('rw', [records, db.outbox, db.meta, db.activity, db.documents], async () => {
			const existing = await records.get(id);
			const baseRevision = input.baseRevision !== undefined ? input.baseRevision : ((existing?.revision as number | undefined) ?? null);
			if (input.reason === undefined) {
				if (op === 'delete') await records.delete(id);
				else await records.put({ ...(existing ?? { revision: 0 }), ...changes, [key]: id });
			}
			const pending = { op, baseRevision, changes, ...(input.reason !== undefined ? { reason: input.reason } : {}) };
			const same = await db.outbox.where('[table+recordId]').equals([table, id]).sortBy('seq');
			const last = same.at(-1);
			const merged = last && last.sentAt === null ? coalesce(last, pending) : null;
			if (last && merged) {
				const entry = { ...last, ...merged };
				await db.outbox.put(entry);
				await db.activity.put(activityFor(entry));
			} else if (op === 'delete' && last?.op === 'insert' && last.sentAt === null) {
				// Never sent: forget the record instead of sending an insert and a delete.
				const forgotten = await db.outbox.where('[table+recordId]').equals([table, id]).primaryKeys();
				await db.outbox.bulkDelete(forgotten);
				await db.activity.bulkDelete(forgotten);
			} else {
				// Tagged with who made it: should someone else sign in before it is sent, it waits for its owner.
				const owner = (await deviceOwner(db)) ?? null;
				const entry: OutboxEntry = {
					seq: await nextSequence(db),
					table,
					recordId: id,
					...pending,
					createdAt: new Date().toISOString(),
					sentAt: null,
					accountId: owner
				};
				await db.outbox.add(entry);
				await db.activity.put(activityFor(entry));
				if (input.document) await db.documents.add({ id: crypto.randomUUID(), seq: entry.seq, requestId: null, accountId: owner, ...input.document });
			}
		});
	} catch (error) {
		if (isQuotaError(error)) throw new StorageFullError();
		throw error;
	}
	notifyLocalWrite();
}

// The typed API screens use. Each names what a person does.

export type ContactChanges = Partial<Record<'email' | 'mobilePhone' | 'homePhone' | 'street' | 'street2' | 'city' | 'state' | 'zip', string | null>>;

export function updateMyContact(emsNumber: string, changes: ContactChanges, baseRevision?: number): Promise<void> {
	return mutate({ table: 'persons', id: emsNumber, changes, baseRevision });
}

export type NameChanges = Partial<Record<(typeof PERSON_NAME_FIELDS)[number], string | null>>;

/**
 * A legal name change waits for the office; the record keeps the current name until then. A document photo
 * is kept with the request on the device and uploaded after the request reaches the server (sync.ts).
 */
export function requestNameChange(
	emsNumber: string,
	changes: NameChanges,
	reason: string,
	baseRevision?: number,
	document?: MutateInput['document']
): Promise<void> {
	return mutate({ table: 'persons', id: emsNumber, changes, reason, baseRevision, document });
}

export type AgencyContactChanges = Partial<Record<'phone' | 'email' | 'street' | 'street2' | 'city' | 'state' | 'zip', string | null>>;

export function updateAgencyContact(agencyNumber: string, changes: AgencyContactChanges, baseRevision?: number): Promise<void> {
	return mutate({ table: 'agencies', id: agencyNumber, changes, baseRevision });
}

/** Adds a vehicle (no id yet) or changes one (only the fields given). Returns its id. */
export async function upsertVehicle(vehicle: Partial<Omit<LocalVehicle, 'revision'>> & { id?: string }, baseRevision?: number): Promise<string> {
	const { id, ...fields } = vehicle;
	if (!id) {
		const newId = crypto.randomUUID();
		await mutate({ table: 'vehicles', id: newId, op: 'insert', changes: { ...fields, id: newId }, baseRevision: null });
		return newId;
	}
	await mutate({ table: 'vehicles', id, changes: fields, baseRevision });
	return id;
}

export function takeVehicleOutOfService(id: string, baseRevision?: number, since?: string, reason?: string): Promise<void> {
	const details = since !== undefined ? { outOfServiceOn: since, outOfServiceReason: reason ?? null } : {};
	return mutate({ table: 'vehicles', id, changes: { status: 'out_of_service', ...details }, baseRevision });
}

export function returnVehicleToService(id: string, baseRevision?: number): Promise<void> {
	return mutate({ table: 'vehicles', id, changes: { status: 'in_service', outOfServiceOn: null, outOfServiceReason: null }, baseRevision });
}

/**
 * Adds a person to an agency's roster as a member from today's date (or `startedOn`). When the device knows the
 * addition needs the office (an AEMT or Paramedic), the membership is not written locally: it is queued as a request
 * and the roster shows it as waiting. Otherwise the member shows at once; a server that finds the person needs the
 * office's approval after all answers with a request, and the roster shows the membership as waiting.
 */
export async function addMember(
	agencyNumber: string,
	emsNumber: string,
	startedOn: string,
	options: { needsOffice: boolean; reason?: string }
): Promise<string> {
	const id = crypto.randomUUID();
	const changes = { id, agencyNumber, emsNumber, role: 'member', startedOn, endedOn: null };
	await mutate({
		table: 'affiliations',
		id,
		op: 'insert',
		changes,
		baseRevision: null,
		...(options.needsOffice ? { reason: options.reason ?? 'Added to the roster by a squad leader.' } : {})
	});
	return id;
}

export function endAffiliation(id: string, endedOn: string, baseRevision?: number): Promise<void> {
	return mutate({ table: 'affiliations', id, changes: { endedOn }, baseRevision });
}

export function setAffiliationRole(id: string, role: LocalAffiliation['role'], baseRevision?: number): Promise<void> {
	return mutate({ table: 'affiliations', id, changes: { role }, baseRevision });
}

/** Renewal reminders on or off (the dashboard's RenewalReminders.svelte): a change of the person's own record. */
export function setRenewalReminders(emsNumber: string, on: boolean, baseRevision?: number): Promise<void> {
	return mutate({ table: 'persons', id: emsNumber, changes: { renewalReminders: on ? 'on' : 'off' }, baseRevision });
}

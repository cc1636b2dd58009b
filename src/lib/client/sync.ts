import type { Table } from 'dexie';
import type { MutationResult, PullResponse, PushResponse } from '$lib/domain/sync-protocol';
import { RECORD_KEY, SYNC_TABLES, type SyncTable } from '$lib/domain/sync-tables';
import { deviceDb, getMeta, photosAwaitingUpload, RECORD_TABLES, setMeta, type ConflictEntry, type DeviceDb, type OutboxEntry } from './device-db';
import { withPending } from './outbox-rules';

/**
 * One sync: send the outbox (push), then bring the device up to date (pull). The answers are written to the
 * device database in transactions with the outbox, so a crash between steps at worst sends a mutation again,
 * which the server recognises by its sequence number.
 */

export const PUSH_BATCH = 250;
export const PULL_LIMIT = 1000;

export class SyncHttpError extends Error {
	/** `reload`: the server cannot read what this version sends (PushUnreadable); resending cannot help. */
	constructor(readonly status: number, message: string, readonly action?: 'reload') {
		super(message);
		this.name = 'SyncHttpError';
	}
}

export interface SyncResult {
	pushed: number;
	pulled: number;
	conflicts: number;
	rejected: number;
}

type Fetch = typeof fetch;
type AnyTable = Table<Record<string, unknown>, string>;

async function call<T>(fetchFn: Fetch, url: string, init?: RequestInit): Promise<T> {
	const response = await fetchFn(url, { credentials: 'same-origin', ...init });
	if (!response.ok) {
		let message = response.statusText;
		let action: 'reload' | undefined;
		try {
			const body = (await response.json()) as { message?: string; action?: string };
			message = body.message ?? message;
			if (body.action === 'reload') action = 'reload';
		} catch {
			/* not JSON */
		}
		throw new SyncHttpError(response.status, message, action);
	}
	return (await response.json()) as T;
}

export async function clientId(db: DeviceDb): Promise<string> {
	let id = await getMeta<string>(db, 'clientId');
	if (!id) {
		id = crypto.randomUUID();
		await setMeta(db, 'clientId', id);
	}
	return id;
}

/** Entries this device may send for the signed-in account (another account's stay until it signs in again). */
async function sendable(db: DeviceDb, limit: number): Promise<OutboxEntry[]> {
	const owner = await getMeta<string>(db, 'accountId');
	return db.outbox
		.orderBy('seq')
		.filter((e) => e.accountId === null || e.accountId === owner)
		.limit(limit)
		.toArray();
}

/** Sets the fields the server reports back on the local row, leaving fields that still have pending changes. */
async function settle(db: DeviceDb, table: SyncTable, id: string, current: Record<string, unknown>): Promise<void> {
	const records = db.table(table) as AnyTable;
	const row = await records.get(id);
	if (!row) return;
	const pending = await db.outbox.where('[table+recordId]').equals([table, id]).toArray();
	const stillPending = new Set(pending.filter((p) => !p.reason).flatMap((p) => Object.keys(p.changes)));
	const update = Object.fromEntries(Object.entries(current).filter(([f]) => !stillPending.has(f)));
	if (Object.keys(update).length) await records.put({ ...row, ...update });
}

async function recordResults(db: DeviceDb, sent: OutboxEntry[], results: MutationResult[]): Promise<{ conflicts: number; rejected: number }> {
	const bySeq = new Map(sent.map((e) => [e.seq, e]));
	let conflicts = 0;
	let rejected = 0;
	const at = new Date().toISOString();
	const tables = [db.outbox, db.conflicts, db.rejections, db.requests, db.activity, db.documents, ...RECORD_TABLES.map((t) => db.table(t))];
	await db.transaction('rw', tables, async () => {
		for (const result of results) {
			const entry = bySeq.get(result.seq);
			if (!entry) continue;
			await db.outbox.delete(entry.seq);
			const { table, recordId } = entry;
			const settled =
				result.status === 'applied'
					? { state: result.conflicts.length ? ('conflict' as const) : ('applied' as const) }
					: result.status === 'rejected'
						? { state: 'refused' as const, note: result.reason }
						: { state: 'requested' as const };
			await db.activity.update(entry.seq, { ...settled, settledAt: at });
			if (result.status === 'applied') {
				for (const c of result.conflicts) {
					conflicts++;
					await db.conflicts.add({ table, recordId, field: c.field, label: c.label, yourValue: c.yourValue, serverValue: c.serverValue, serverRevision: c.serverRevision, at });
				}
				await settle(db, table, recordId, result.current);
			} else if (result.status === 'rejected') {
				rejected++;
				await db.rejections.add({ seq: entry.seq, table, recordId, op: entry.op, changes: entry.changes, reason: result.reason, ...(result.errors ? { errors: result.errors } : {}), at });
				if (result.current) await settle(db, table, recordId, result.current);
				else if (entry.op === 'insert') await db.table(table).delete(recordId); // never existed on the server
				await db.documents.where('seq').equals(entry.seq).delete(); // no request to attach it to
			} else {
				await db.requests.put({ id: result.requestId, table, recordId, changes: entry.changes, message: result.message, at });
				await db.documents.where('seq').equals(entry.seq).modify({ requestId: result.requestId });
			}
		}
	});
	return { conflicts, rejected };
}

export async function pushOutbox(db: DeviceDb, fetchFn: Fetch): Promise<{ pushed: number; conflicts: number; rejected: number }> {
	const id = await clientId(db);
	const total = { pushed: 0, conflicts: 0, rejected: 0 };
	for (;;) {
		const batch = await sendable(db, PUSH_BATCH);
		if (batch.length === 0) return total;
		// Mark as sent before sending: from now on these entries are never folded into or changed.
		const sentAt = new Date().toISOString();
		await db.outbox.bulkUpdate(batch.filter((e) => e.sentAt === null).map((e) => ({ key: e.seq, changes: { sentAt } })));
		const body = {
			clientId: id,
			mutations: batch.map((e) => ({
				seq: e.seq,
				table: e.table,
				id: e.recordId,
				op: e.op,
				baseRevision: e.baseRevision,
				changes: e.changes,
				...(e.reason !== undefined ? { reason: e.reason } : {})
			}))
		};
		const response = await call<PushResponse>(fetchFn, '/api/sync/push', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		const counted = await recordResults(db, batch, response.results);
		total.pushed += response.results.length;
		total.conflicts += counted.conflicts;
		total.rejected += counted.rejected;
		if (response.retryLater) throw new SyncHttpError(503, response.retryLater);
	}
}

/** Forgets everything pulled (not the outbox): when another account signs in, or what the person may see changed. */
async function forgetPulled(db: DeviceDb): Promise<void> {
	await db.transaction('rw', [...RECORD_TABLES.map((t) => db.table(t)), db.signedLicenses, db.meta], async () => {
		for (const t of RECORD_TABLES) await db.table(t).clear();
		await db.signedLicenses.clear();
		await setMeta(db, 'cursor', 0);
	});
}

async function applyPage(db: DeviceDb, page: PullResponse): Promise<number> {
	let count = 0;
	await db.transaction('rw', [...RECORD_TABLES.map((t) => db.table(t)), db.outbox, db.signedLicenses, db.meta], async () => {
		let affiliationsRemoved = false;
		for (const table of SYNC_TABLES) {
			const rows = page.rows[table];
			if (!rows.length) continue;
			count += rows.length;
			const records = db.table(table) as AnyTable;
			const key = RECORD_KEY[table];
			const ids = rows.map((r) => String(r[key]));
			const pending = await db.outbox.where('[table+recordId]').anyOf(ids.map((id) => [table, id])).toArray();
			const pendingById = Map.groupBy(pending.sort((a, b) => a.seq - b.seq), (p) => p.recordId);
			const puts: Record<string, unknown>[] = [];
			const deletes: string[] = [];
			for (const row of rows) {
				const id = String(row[key]);
				if (row.deletedAt) {
					deletes.push(id);
					if (table === 'affiliations') affiliationsRemoved = true;
					continue;
				}
				const { deletedAt: _d, ...data } = row;
				puts.push(withPending(data, pendingById.get(id) ?? []));
			}
			if (puts.length) await records.bulkPut(puts);
			if (deletes.length) await records.bulkDelete(deletes);
		}
		if (affiliationsRemoved) await pruneFormerMembers(db);
		await keepSigned(db, page.signed);
		await setMeta(db, 'cursor', page.cursor);
	});
	return count;
}

/** Stores the signed licenses with the rows they were signed from, in the same transaction. */
async function keepSigned(db: DeviceDb, signed: PullResponse['signed']): Promise<void> {
	if (!signed) return;
	if (signed.license === null) await db.signedLicenses.delete('licensee');
	else if (signed.license) await db.signedLicenses.put({ id: 'licensee', kind: 'licensee', license: signed.license });
	for (const license of signed.agencies ?? []) await db.signedLicenses.put({ id: license.agencyNumber, kind: 'agency', license });
}

/** A person who is no longer on any roster the device holds (and is not the owner) is removed from it. */
async function pruneFormerMembers(db: DeviceDb): Promise<void> {
	const self = await getMeta<string | null>(db, 'emsNumber');
	const members = new Set((await db.affiliations.toArray()).map((a) => a.emsNumber));
	const gone = (await db.persons.toCollection().primaryKeys()).filter((ems) => ems !== self && !members.has(ems));
	if (gone.length) await db.persons.bulkDelete(gone);
}

export async function pullChanges(db: DeviceDb, fetchFn: Fetch): Promise<number> {
	let pulled = 0;
	for (let pages = 0; pages < 10_000; pages++) {
		const cursor = (await getMeta<number>(db, 'cursor')) ?? 0;
		const page = await call<PullResponse>(fetchFn, `/api/sync/pull?cursor=${cursor}&limit=${PULL_LIMIT}`);
		const owner = await getMeta<string>(db, 'accountId');
		if (owner !== page.account.accountId) {
			// Another account on this device: its unsent changes stay tagged with it, pulled data is replaced.
			if (owner) await db.outbox.filter((e) => e.accountId === null).modify({ accountId: owner });
			await forgetPulled(db);
			await db.conflicts.clear();
			await db.rejections.clear();
			await db.requests.clear();
			await db.activity.clear();
			await setMeta(db, 'accountId', page.account.accountId);
			await setMeta(db, 'emsNumber', page.account.emsNumber);
			await setMeta(db, 'scope', page.scope);
			if (cursor !== 0) continue;
		} else if ((await getMeta<string>(db, 'scope')) !== page.scope) {
			// They lead other agencies now: what they may see changed, so start over from the beginning.
			await forgetPulled(db);
			await setMeta(db, 'scope', page.scope);
			if (cursor !== 0) continue;
		}
		pulled += await applyPage(db, page);
		if (!page.more) return pulled;
	}
	return pulled;
}

/**
 * Document photos go to their own endpoint, not through the push: a photo is far bigger than the push body
 * allows, and the request must exist on the server (it names the request id) before its document can.
 */
export async function uploadDocuments(db: DeviceDb, fetchFn: Fetch): Promise<number> {
	const ready = await photosAwaitingUpload(db).toArray();
	for (const document of ready) {
		const response = await fetchFn(`/api/change-requests/${encodeURIComponent(document.requestId!)}/document`, {
			method: 'PUT',
			credentials: 'same-origin',
			headers: { 'content-type': document.type, 'x-file-name': encodeURIComponent(document.name) },
			body: document.blob
		});
		if (!response.ok) throw new SyncHttpError(response.status, `The document photo could not be sent (${response.status}).`);
		await db.documents.delete(document.id);
	}
	return ready.length;
}

export async function syncOnce(db: DeviceDb = deviceDb(), fetchFn: Fetch = fetch): Promise<SyncResult> {
	const pushed = await pushOutbox(db, fetchFn);
	await uploadDocuments(db, fetchFn);
	const pulled = await pullChanges(db, fetchFn);
	await setMeta(db, 'lastSyncAt', new Date().toISOString());
	return { pushed: pushed.pushed, pulled, conflicts: pushed.conflicts, rejected: pushed.rejected };
}

/** Sends the person's own value again, now decided with the server's value in view (SyncConflicts.svelte). */
export async function reapplyConflict(conflict: ConflictEntry, db: DeviceDb = deviceDb()): Promise<void> {
	const row = (await (db.table(conflict.table) as AnyTable).get(conflict.recordId)) as { revision?: number } | undefined;
	const baseRevision = Math.max(row?.revision ?? 0, conflict.serverRevision);
	const { mutate } = await import('./outbox'); // the writing code loads when someone writes
	await mutate({ table: conflict.table, id: conflict.recordId, changes: { [conflict.field]: conflict.yourValue }, baseRevision }, db);
	if (conflict.id !== undefined) await db.conflicts.delete(conflict.id);
}

/** The person keeps the server's value. */
export async function dismissConflict(id: number, db: DeviceDb = deviceDb()): Promise<void> {
	await db.conflicts.delete(id);
}
export async function dismissRejection(id: number, db: DeviceDb = deviceDb()): Promise<void> {
	await db.rejections.delete(id);
}

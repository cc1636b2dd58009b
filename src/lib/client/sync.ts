import type { Table } from 'dexie';
import type { MutationResult, PullResponse, PushResponse } from '$lib/domain/sync-protocol';
import { decodePullPage, PULL_WIRE_PARAM, type PullWire } from '$lib/domain/pull-wire';
import { RECORD_KEY, SYNC_TABLES, type SyncTable } from '$lib/domain/sync-tables';
import { adoptAccount, clientIdFor, renewClientId } from './device-accounts';
import { deviceDb, deviceOwner, getMeta, ownOutbox, photosAwaitingUpload, RECORD_TABLES, setMeta, type ActivityEntry, type ConflictEntry, type DeviceDb, type OutboxEntry } from './device-db';
import { takeFirstPull } from './first-pull';
import { withPending } from './outbox-rules';
import { uploadCertificates } from './ce-certificate-upload';
import { settleAnswers, type SettleStep } from './settle-answers';
import { deleteSeqs, rowsBySeq } from './seq-ranges';
import { decisionActivities } from './decision-activity';

/**
 * One sync: send the outbox (push), then bring the device up to date (pull). The answers are written to the
 * device database in transactions with the outbox, so a crash between steps at worst sends a mutation again,
 * which the server recognises by its sequence number.
 */

// The server takes up to MAX_MUTATIONS_PER_PUSH (500) in one push: one round trip for a typical backlog.
export const PUSH_BATCH = 500;
// Pages of up to the server's limit: on a rural link each page costs a round trip (300 ms and more), and the
// compressed page (decision 032) is what crosses it. A 2,000-member roster comes in 2 pages instead of 6.
export const PULL_LIMIT = 5000;

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

/**
 * Who the server takes this session for (GET /api/session), made the device's owner before anything is sent:
 * a change queued by one person never goes out under another person's session (decision 015).
 */
async function signedInAccount(db: DeviceDb, fetchFn: Fetch): Promise<string> {
	const account = await call<{ accountId: string; emsNumber: string | null }>(fetchFn, '/api/session');
	await adoptAccount(db, account);
	return account.accountId;
}

/**
 * The next entries this device may send for `owner` (another account's stay until it signs in again), marked as
 * sent in the same transaction that reads them: from then on mutate() never folds a new edit into them, so what
 * is sent is exactly what the answer settles (decision 016).
 */
async function takeBatch(db: DeviceDb, owner: string, limit: number): Promise<OutboxEntry[]> {
	return db.transaction('rw', db.outbox, async () => {
		const batch = await ownOutbox(db, owner).limit(limit).toArray();
		const sentAt = new Date().toISOString();
		const unsent = batch.filter((e) => e.sentAt === null);
		for (const e of unsent) e.sentAt = sentAt;
		// The entries were just read in this transaction: writing them back whole is the same as bulkUpdate, without
		// its second read of each one (500 IndexedDB reads per push, decision 046).
		await db.outbox.bulkPut(unsent);
		return batch;
	});
}

async function recordResults(db: DeviceDb, sent: OutboxEntry[], results: MutationResult[]): Promise<{ conflicts: number; rejected: number }> {
	const bySeq = new Map(sent.map((e) => [e.seq, e]));
	let conflicts = 0;
	let rejected = 0;
	const at = new Date().toISOString();
	const tables = [db.outbox, db.conflicts, db.rejections, db.requests, db.activity, db.documents, ...RECORD_TABLES.map((t) => db.table(t))];
	await db.transaction('rw', tables, async () => {
		// Another sync (a tab, Background Sync, the sign-out) may have sent the same entries and recorded their answers
		// first: only an entry still queued is settled, so no conflict or refusal is kept twice. One read for all.
		const answered = results.filter((r) => bySeq.has(r.seq));
		// By key range, not key by key (seq-ranges.ts): a push's entries are nearly always one run of numbers.
		const queued = await rowsBySeq(db.outbox, answered.map((r) => r.seq));
		// The common work of every answer — delete the entry, settle the activity line and the record — is done for
		// all answers together (settle-answers.ts): one request per table instead of five per answer.
		const settling = answered.flatMap((result) => {
			const entry = queued.rows.get(result.seq);
			return entry ? [{ result, entry }] : [];
		});
		await deleteSeqs(db.outbox, settling.map((s) => s.entry.seq), queued.keys);
		const steps: SettleStep[] = [];
		const activity: { key: number; changes: Partial<ActivityEntry> }[] = [];
		for (const [index, { result, entry }] of settling.entries()) {
			const { table, recordId } = entry;
			const settled =
				result.status === 'applied'
					? { state: result.conflicts.length ? ('conflict' as const) : ('applied' as const) }
					: result.status === 'rejected'
						? { state: 'refused' as const, note: result.reason }
						: { state: 'requested' as const };
			activity.push({ key: entry.seq, changes: { ...settled, settledAt: at } });
			if (result.status === 'applied') {
				for (const c of result.conflicts) {
					conflicts++;
					await db.conflicts.add({ table, recordId, field: c.field, label: c.label, yourValue: c.yourValue, serverValue: c.serverValue, serverRevision: c.serverRevision, at });
				}
				steps.push({ index, table, recordId, current: result.current });
			} else if (result.status === 'rejected') {
				rejected++;
				await db.rejections.add({
					seq: entry.seq,
					table,
					recordId,
					op: entry.op,
					changes: entry.changes,
					reason: result.reason,
					...(result.errors ? { errors: result.errors } : {}),
					...(entry.reason !== undefined ? { requestReason: entry.reason } : {}),
					at
				});
				if (result.current) steps.push({ index, table, recordId, current: result.current });
				else if (entry.op === 'insert') steps.push({ index, table, recordId, current: null }); // never existed on the server
				await db.documents.where('seq').equals(entry.seq).delete(); // no request to attach it to
			} else {
				await db.requests.put({ id: result.requestId, table, recordId, changes: entry.changes, message: result.message, at });
				await db.documents.where('seq').equals(entry.seq).modify({ requestId: result.requestId });
			}
		}
		// What bulkUpdate did, with one read of the lines' range instead of one read per line.
		const lines = await rowsBySeq(db.activity, activity.map((a) => a.key));
		await db.activity.bulkPut(activity.flatMap(({ key, changes }) => {
			const line = lines.rows.get(key);
			return line ? [{ ...line, ...changes }] : [];
		}));
		await settleAnswers(db, settling.map((s) => s.entry), steps);
	});
	return { conflicts, rejected };
}

export async function pushOutbox(db: DeviceDb, fetchFn: Fetch): Promise<{ pushed: number; conflicts: number; rejected: number }> {
	const total = { pushed: 0, conflicts: 0, rejected: 0 };
	if ((await db.outbox.count()) === 0) return total;
	let owner = await signedInAccount(db, fetchFn);
	let renewed = false;
	for (;;) {
		const id = await clientIdFor(db, owner);
		const batch = await takeBatch(db, owner, PUSH_BATCH);
		if (batch.length === 0) return total;
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
		let response: PushResponse;
		try {
			response = await call<PushResponse>(fetchFn, '/api/sync/push', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		} catch (error) {
			// 409: the server holds this device id for another account and applied nothing. Nothing is deleted: if the
			// session is still this person's, the id was someone else's (an older version shared one per browser)
			// and a new one is made; if someone else signed in meanwhile, the device switches to them.
			if (!(error instanceof SyncHttpError && error.status === 409) || renewed) throw error;
			renewed = true;
			const now = await signedInAccount(db, fetchFn);
			if (now === owner) await renewClientId(db, owner);
			owner = now;
			continue;
		}
		const counted = await recordResults(db, batch, response.results);
		total.pushed += response.results.length;
		total.conflicts += counted.conflicts;
		total.rejected += counted.rejected;
		if (response.retryLater) throw new SyncHttpError(503, response.retryLater);
	}
}

/** Forgets everything pulled (not the outbox): what the person may see changed. */
async function forgetPulled(db: DeviceDb): Promise<void> {
	await db.transaction('rw', [...RECORD_TABLES.map((t) => db.table(t)), db.signedLicenses, db.meta], async () => {
		for (const t of RECORD_TABLES) await db.table(t).clear();
		await db.signedLicenses.clear();
		await setMeta(db, 'cursor', 0);
	});
}

async function applyPage(db: DeviceDb, page: PullResponse): Promise<number> {
	let count = 0;
	await db.transaction('rw', [...RECORD_TABLES.map((t) => db.table(t)), db.outbox, db.signedLicenses, db.requests, db.activity, db.meta], async () => {
		for (const table of SYNC_TABLES) {
			const rows = page.rows[table];
			if (!rows.length) continue;
			count += rows.length;
			const records = db.table(table) as AnyTable;
			const key = RECORD_KEY[table];
			const ids = rows.map((r) => String(r[key]));
			const pending = await db.outbox.where('[table+recordId]').anyOf(ids.map((id) => [table, id])).toArray();
			const pendingById = new Map<string, OutboxEntry[]>();
			for (const p of pending.sort((a, b) => a.seq - b.seq)) {
				const entries = pendingById.get(p.recordId);
				if (entries) entries.push(p);
				else pendingById.set(p.recordId, [p]);
			}
			const puts: Record<string, unknown>[] = [];
			const deletes: string[] = [];
			for (const row of rows) {
				const id = String(row[key]);
				if (row.deletedAt) {
					deletes.push(id);
					continue;
				}
				const { deletedAt: _d, ...data } = row;
				puts.push(withPending(data, pendingById.get(id) ?? []));
			}
			if (puts.length) await records.bulkPut(puts);
			if (deletes.length) await records.bulkDelete(deletes);
		}
		// A person who stops being visible comes as a row: name only (a former member) or deleted (decision 021).
		await keepSigned(db, page.signed);
		await keepRequests(db, page.requests);
		await setMeta(db, 'cursor', page.cursor);
		await setMeta(db, 'asOf', page.asOf);
	});
	return count;
}

/**
 * Files the person's own requests as the server has them: the office's decision replaces the pending state, with
 * the rows it changed on the same page. What the person dismissed stays dismissed.
 */
async function keepRequests(db: DeviceDb, requests: PullResponse['requests']): Promise<void> {
	if (!requests?.length) return;
	const kept = await db.requests.bulkGet(requests.map((r) => r.id));
	const decided = decisionActivities(requests, kept);
	if (decided.length) await db.activity.bulkPut(decided);
	await db.requests.bulkPut(
		requests.map((r, i) => {
			const before = kept[i];
			return {
				id: r.id,
				table: r.table,
				recordId: r.recordId,
				changes: r.changes,
				message: before?.message ?? '',
				at: before?.at ?? r.requestedAt,
				status: r.status,
				decisionNote: r.decisionNote,
				decidedAt: r.decidedAt,
				kind: r.kind,
				...(before?.dismissedAt ? { dismissedAt: before.dismissedAt } : {})
			};
		})
	);
}

/** Stores the signed licenses with the rows they were signed from, in the same transaction. */
async function keepSigned(db: DeviceDb, signed: PullResponse['signed']): Promise<void> {
	if (!signed) return;
	if (signed.license === null) await db.signedLicenses.delete('licensee');
	else if (signed.license) await db.signedLicenses.put({ id: 'licensee', kind: 'licensee', license: signed.license });
	for (const license of signed.agencies ?? []) await db.signedLicenses.put({ id: license.agencyNumber, kind: 'agency', license });
}

export async function pullChanges(db: DeviceDb, fetchFn: Fetch): Promise<number> {
	let pulled = 0;
	for (let pages = 0; pages < 10_000; pages++) {
		const cursor = (await getMeta<number>(db, 'cursor')) ?? 0;
		const asOf = await getMeta<string>(db, 'asOf');
		// A new device's first page may already be here: the dashboard fetched it to draw its first screen (decision 044).
		const prefetched = cursor === 0 && !asOf ? await takeFirstPull() : null;
		const page =
			prefetched ?? decodePullPage(await call<PullWire>(fetchFn, `/api/sync/pull?cursor=${cursor}&limit=${PULL_LIMIT}&${PULL_WIRE_PARAM}${asOf ? `&since=${asOf}` : ''}`));
		if (await adoptAccount(db, page.account)) {
			// Another account on this device: the previous one's unsent changes stay tagged with it, pulled data is replaced.
			await setMeta(db, 'scope', page.scope);
			if (cursor !== 0) continue;
		} else if ((await getMeta<string>(db, 'scope')) !== page.scope) {
			// They lead other agencies now: what they may see changed, so start over from the beginning.
			await forgetPulled(db);
			await setMeta(db, 'scope', page.scope);
			if (cursor !== 0) continue;
		}
		// The confirmed address comes with every page (from the session, no extra query): the dashboard compares it with the record's.
		if ((await getMeta<string>(db, 'confirmedEmail')) !== page.account.email) await setMeta(db, 'confirmedEmail', page.account.email);
		pulled += await applyPage(db, page);
		// After a prefetched page, ask once more from its cursor: it may be seconds old.
		if (!page.more && !prefetched) return pulled;
	}
	return pulled;
}

/**
 * Document photos go to their own endpoint, not through the push: a photo is far bigger than the push body
 * allows, and the request must exist on the server (it names the request id) before its document can.
 */
export async function uploadDocuments(db: DeviceDb, fetchFn: Fetch): Promise<number> {
	const ready = await photosAwaitingUpload(db, await deviceOwner(db)).toArray();
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
	// After the pull: a certificate waits until its entry is known to be on the server.
	await uploadCertificates(db, fetchFn);
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

import type { Table } from 'dexie';
import type { SyncTable } from '$lib/domain/sync-tables';
import type { DeviceDb, OutboxEntry } from './device-db';

type AnyTable = Table<Record<string, unknown>, string>;

/** What one answer does to its record: the server's values (`current`), or `null` to remove a refused insert. */
export interface SettleStep {
	/** Position of the answered entry in `answered` (same order the answers came in). */
	index: number;
	table: SyncTable;
	recordId: string;
	current: Record<string, unknown> | null;
}

const keyOf = (table: string, id: string) => `${table}\u0000${id}`;

/**
 * Sets the fields the server reports back on the local rows, leaving fields that still have pending changes — for
 * a whole push answer at once. Answering 500 changes one at a time cost five IndexedDB requests each (read the row,
 * query the outbox, write the row, delete the entry, update the activity) and most of a push's time in Chromium;
 * here each table is read and written once. Call it, in the answer's transaction, after the answered entries were
 * deleted from the outbox. The result is the same as settling the answers one by one in order: for the answer at
 * `index`, a field counts as pending while a later answered entry of that record, or one still queued, changes it
 * (entries that carry a request `reason` never hold fields back).
 */
export async function settleAnswers(db: DeviceDb, answered: OutboxEntry[], allSteps: SettleStep[]): Promise<void> {
	// An answer that only repeats what the entry sent changes nothing: the local row already holds those values, or
	// a later change's, which would be held back anyway (mutate() writes the row and the entry together, and a
	// pull keeps queued values on top). Most answers are such echoes; leaving them out spares reading and writing
	// their records (decision 046). A request's entry never wrote its row, so its answer is always settled.
	const steps = allSteps.filter((s) => !echoes(answered[s.index], s.current));
	if (steps.length === 0) return;
	const keys = new Map<string, [SyncTable, string]>();
	for (const s of steps) keys.set(keyOf(s.table, s.recordId), [s.table, s.recordId]);

	// Fields still queued after this answer, per record, and the answered entries per record with their positions.
	const stillQueued = new Map<string, Set<string>>();
	const queued = await db.outbox.where('[table+recordId]').anyOf([...keys.values()]).toArray();
	for (const p of queued) {
		if (p.reason) continue;
		const k = keyOf(p.table, p.recordId);
		const fields = stillQueued.get(k) ?? new Set<string>();
		for (const f of Object.keys(p.changes)) fields.add(f);
		stillQueued.set(k, fields);
	}
	const answeredFor = new Map<string, { index: number; fields: string[] }[]>();
	for (const [index, e] of answered.entries()) {
		const k = keyOf(e.table, e.recordId);
		if (!keys.has(k) || e.reason) continue;
		const list = answeredFor.get(k) ?? [];
		list.push({ index, fields: Object.keys(e.changes) });
		answeredFor.set(k, list);
	}

	const rows = new Map<string, Record<string, unknown> | undefined>();
	const byTable = new Map<SyncTable, string[]>();
	for (const [table, id] of keys.values()) byTable.set(table, [...(byTable.get(table) ?? []), id]);
	for (const [table, ids] of byTable) {
		const found = await (db.table(table) as AnyTable).bulkGet(ids);
		ids.forEach((id, i) => rows.set(keyOf(table, id), found[i]));
	}

	const changed = new Set<string>();
	const removed = new Set<string>();
	for (const step of steps) {
		const k = keyOf(step.table, step.recordId);
		if (step.current === null) {
			rows.set(k, undefined);
			removed.add(k);
			changed.delete(k);
			continue;
		}
		const row = rows.get(k);
		if (!row) continue;
		const pending = new Set(stillQueued.get(k));
		for (const later of answeredFor.get(k) ?? []) if (later.index > step.index) for (const f of later.fields) pending.add(f);
		const update = Object.entries(step.current).filter(([f]) => !pending.has(f));
		if (update.length === 0) continue;
		rows.set(k, { ...row, ...Object.fromEntries(update) });
		changed.add(k);
	}

	for (const [table, ids] of byTable) {
		const records = db.table(table) as AnyTable;
		const puts = ids.filter((id) => changed.has(keyOf(table, id))).map((id) => rows.get(keyOf(table, id))!);
		const deletes = ids.filter((id) => removed.has(keyOf(table, id)));
		if (puts.length) await records.bulkPut(puts);
		if (deletes.length) await records.bulkDelete(deletes);
	}
}

/** Whether `current` (the server's values) sets only fields `entry` sent, to the values it sent. */
export function echoes(entry: OutboxEntry | undefined, current: Record<string, unknown> | null): boolean {
	if (!entry || current === null || entry.reason !== undefined || entry.op === 'delete') return false;
	return Object.entries(current).every(([field, value]) => Object.hasOwn(entry.changes, field) && sameValue(entry.changes[field], value));
}

/** Equal as JSON values (what the server answers and the device stored): primitives, arrays, plain objects. */
function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

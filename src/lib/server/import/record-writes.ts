import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import { parseFieldRevisions, stampFieldRevisions, type FieldRevisionMap } from '../../domain/sync-conflicts';
import type { Db } from '../db';
import { reserveRevisions } from '../db/revision';

type Row = Record<string, unknown>;

/**
 * Who last changed a field, in `field_revisions`, for what an import writes. Not a device's client id, so a device
 * that edited the same field from an older base gets the conflict, exactly as with another device's change.
 */
export const IMPORT_CLIENT = 'office-import';

export type SyncedImportTable = 'persons' | 'credentials' | 'agencies' | 'affiliations' | 'vehicles';

export interface RecordUpdate {
	/** The row's key column and value. */
	key: string;
	id: string;
	/** The fields that change, with their new values. */
	changes: Row;
	/** The row as the database holds it (revision, field_revisions, deleted_at). */
	existing: Row;
}

/** Fields whose values differ, compared as the database returns them (null for empty, year as a number). */
export function changedFields(existing: Row, incoming: Row): Row {
	const out: Row = {};
	for (const [field, value] of Object.entries(incoming)) {
		const before = existing[field] ?? null;
		const after = value ?? null;
		if (typeof after === 'number' ? Number(before) !== after : before !== after) out[field] = after;
	}
	return out;
}

/**
 * Writes new and changed rows of one table with revisions from the counter, as every synced write does, so devices
 * pull them on their next sync. The field_revisions stamp is the one sync apply writes: on insert every field at the
 * new revision; on update the changed fields, keeping the map's earlier entries when it describes the row.
 */
export async function writeRecords(
	trx: Db,
	table: SyncedImportTable,
	inserts: readonly Row[],
	updates: readonly RecordUpdate[],
	now: string
): Promise<void> {
	const count = inserts.length + updates.length;
	if (count === 0) return;
	let revision = await reserveRevisions(trx, count);
	const any = trx as unknown as Kysely<Record<string, Row>>;
	if (inserts.length) {
		const rows = inserts.map((record) => {
			const r = revision++;
			const stamp: FieldRevisionMap = { '*': r };
			for (const f of Object.keys(record)) stamp[f] = [r, IMPORT_CLIENT];
			return { ...record, revision: r, updatedAt: now, deletedAt: null, fieldRevisions: JSON.stringify(stamp) };
		});
		await insertRows(trx, table, rows);
	}
	for (const u of updates) {
		const r = revision++;
		const fields = Object.keys(u.changes);
		const map = parseFieldRevisions(u.existing.fieldRevisions as string | null);
		const stamp = stampFieldRevisions(map, Number(u.existing.revision), fields, r, IMPORT_CLIENT);
		await any
			.updateTable(table)
			.set({ ...u.changes, deletedAt: null, revision: r, updatedAt: now, fieldRevisions: JSON.stringify(stamp) })
			.where(u.key, '=', u.id)
			.execute();
	}
}

const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Multi-row inserts of about 5,000 parameters (the demo loader's size, under both databases' limits), as SQL text
 * with bound values: building them through Kysely's query builder cost a tenth of a 110,000-line import's time.
 * Every row has the same fields (one table's record plus the sync columns). Also used for accounts.
 */
export async function insertRows(trx: Db, table: string, rows: readonly Row[]): Promise<void> {
	if (rows.length === 0) return;
	const fields = Object.keys(rows[0]!);
	const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
	const size = Math.max(1, Math.floor(5_000 / fields.length));
	const head = `insert into ${table.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} (${fields.map(snakeCase).map((f) => `"${f}"`).join(', ')}) values `;
	for (let i = 0; i < rows.length; i += size) {
		const chunk = rows.slice(i, i + size);
		const params: unknown[] = [];
		const tuples: string[] = [];
		for (const row of chunk) {
			const marks: string[] = [];
			for (const f of fields) {
				params.push(row[f] ?? null);
				marks.push(postgres ? `$${params.length}` : '?');
			}
			tuples.push(`(${marks.join(', ')})`);
		}
		await trx.executeQuery(CompiledQuery.raw(head + tuples.join(', '), params));
	}
}

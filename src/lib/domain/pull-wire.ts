import type { PullResponse, SyncRow } from './sync-protocol';
import type { SyncTable } from './sync-tables';

/**
 * The pull page as it travels (decision 050): each table's rows as columns, not as objects. Row objects repeat
 * every field name on every row, and a squad leader's first pull carries ~6,000 rows; in columns each name is
 * written once and a column's values sit together, which compresses far better (same values, similar values).
 * Two columns are packed further, both exactly reversible:
 * - a column whose every value is a canonical (lower-case) UUID goes as base64url of its 16 bytes (22 characters,
 *   no dashes): ids are random, so their characters are most of what remains after compression;
 * - a column whose every value is a whole number (revisions) goes as the differences from the previous value.
 *
 * The device asks for this form with `wire=columns` (PULL_WIRE_PARAM); without it the server sends rows, so an app
 * version installed before this one keeps working while it updates. Pure: the server encodes, the device decodes.
 */

export const PULL_WIRE_PARAM = 'wire=columns';
const VERSION = 'columns-1';

type Pack = 'uuid' | 'delta';
interface WireColumn {
	name: string;
	/** One value per row, in row order; a row without the field has null here, and is in a range of `absent`. */
	values: unknown[];
	pack?: Pack;
	/** The rows without the field, as ranges: [from, to, from, to…], `to` excluded (most members lack the same fields). */
	absent?: number[];
}
/** A table's rows, column-wise. */
interface WireTable {
	count: number;
	columns: WireColumn[];
}

export type PullWire = Omit<PullResponse, 'rows'> & { wire: typeof VERSION; tables: Record<SyncTable, WireTable> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** 32 hex digits → 22 base64url characters (128 bits; the last character carries 2). No Buffer: this runs on phones. */
function packUuid(uuid: string): string {
	const hex = uuid.replaceAll('-', '');
	let out = '';
	// 3 hex digits (12 bits) make 2 base64 characters: 30 digits → 20 characters (as standard base64 of the first
	// 15 bytes), then the last 2 digits (8 bits) → 2 characters of 4 bits each.
	for (let i = 0; i < 30; i += 3) {
		const n = parseInt(hex.slice(i, i + 3), 16);
		out += B64[n >> 6]! + B64[n & 63]!;
	}
	const last = parseInt(hex.slice(30), 16);
	return out + B64[last >> 4]! + B64[last & 15]!;
}

function unpackUuid(packed: string): string {
	let hex = '';
	for (let i = 0; i < 20; i += 2) hex += ((B64_INDEX.get(packed[i]!)! << 6) | B64_INDEX.get(packed[i + 1]!)!).toString(16).padStart(3, '0');
	hex += ((B64_INDEX.get(packed[20]!)! << 4) | B64_INDEX.get(packed[21]!)!).toString(16).padStart(2, '0');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function encodeColumn(name: string, rows: SyncRow[]): WireColumn {
	const absent: number[] = [];
	const values = rows.map((row, i) => {
		// A field a row lacks (a member's row has no date of birth) is absent, not null: decoding leaves it out again.
		if (!Object.hasOwn(row, name) || row[name] === undefined) {
			if (absent.length && absent[absent.length - 1] === i) absent[absent.length - 1] = i + 1;
			else absent.push(i, i + 1);
			return null;
		}
		return row[name];
	});
	const column: WireColumn = { name, values };
	// Packed only when every row has the field: then `values` holds no placeholder nulls.
	if (absent.length) column.absent = absent;
	else if (values.every((v) => typeof v === 'string' && UUID.test(v))) Object.assign(column, { pack: 'uuid', values: values.map((v) => packUuid(v as string)) });
	else if (values.every((v) => Number.isSafeInteger(v))) {
		const deltas = (values as number[]).map((v, i) => (i === 0 ? v : v - (values[i - 1] as number)));
		// The differences of two safe integers may not be safe themselves; then the column goes as it is.
		if (deltas.every((d) => Number.isSafeInteger(d))) Object.assign(column, { pack: 'delta', values: deltas });
	}
	return column;
}

function decodeColumn(column: WireColumn): unknown[] {
	if (column.pack === 'uuid') return column.values.map((v) => unpackUuid(v as string));
	if (column.pack === 'delta') {
		let sum = 0;
		return column.values.map((d) => (sum += d as number));
	}
	return column.values;
}

function encodeTable(rows: SyncRow[]): WireTable {
	// Every field any row has, in the order rows have them (the server selects the same columns for each row).
	const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
	return { count: rows.length, columns: names.map((name) => encodeColumn(name, rows)) };
}

function decodeTable(table: WireTable): SyncRow[] {
	const columns = table.columns.map((c) => {
		const absent = new Array<boolean>(table.count).fill(false);
		const ranges = c.absent ?? [];
		for (let r = 0; r < ranges.length; r += 2) absent.fill(true, ranges[r], ranges[r + 1]);
		return { name: c.name, values: decodeColumn(c), absent };
	});
	const rows: SyncRow[] = [];
	for (let i = 0; i < table.count; i++) {
		const row: Record<string, unknown> = {};
		for (const { name, values, absent } of columns) if (!absent[i]) row[name] = values[i];
		rows.push(row as SyncRow);
	}
	return rows;
}

export function encodePullPage(page: PullResponse): PullWire {
	const { rows, ...rest } = page;
	const tables = Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, encodeTable(r)])) as Record<SyncTable, WireTable>;
	return { ...rest, wire: VERSION, tables };
}

/** A page in either form: the device reads rows whichever the server sent. */
export function decodePullPage(body: PullWire | PullResponse): PullResponse {
	if (!('wire' in body)) return body;
	const { wire: _wire, tables, ...rest } = body;
	void _wire;
	const rows = Object.fromEntries(Object.entries(tables).map(([t, table]) => [t, decodeTable(table)])) as Record<SyncTable, SyncRow[]>;
	return { ...rest, rows };
}

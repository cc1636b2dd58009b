import type { Table } from 'dexie';

/**
 * Reading and deleting outbox-numbered rows (the outbox and the activity lines, both keyed by `seq`) by key range
 * instead of key by key. In Chromium every IndexedDB request is a round trip to the browser process: settling a
 * push of 500 with bulkGet/bulkDelete/bulkUpdate cost about 2,000 of them, where a range read is one request and
 * a push's entries are nearly always one run of numbers (decision 046).
 */

/**
 * The rows of `table` with a key among `seqs`, read in one request over the range they span, and every key the
 * table holds in that span (for deleteSeqs).
 */
export async function rowsBySeq<T extends { seq: number }, I>(table: Table<T, number, I>, seqs: readonly number[]): Promise<{ rows: Map<number, T>; keys: number[] }> {
	const found = new Map<number, T>();
	const keys: number[] = [];
	if (seqs.length === 0) return { rows: found, keys };
	let lo = Infinity;
	let hi = -Infinity;
	for (const s of seqs) {
		if (s < lo) lo = s;
		if (s > hi) hi = s;
	}
	const wanted = new Set(seqs);
	// Other keys in the span (another account's entries, a newer edit) are read and left out.
	for (const row of await table.where(':id').between(lo, hi, true, true).toArray()) {
		keys.push(row.seq);
		if (wanted.has(row.seq)) found.set(row.seq, row);
	}
	return { rows: found, keys };
}

/**
 * The runs `[first, last]` that cover exactly the keys of `remove`, given every key the table holds in their span
 * (`present`, which includes `remove`): a run never covers a present key that is not removed. Pure, for the tests.
 */
export function keyRuns(remove: readonly number[], present: readonly number[]): [number, number][] {
	const removing = new Set(remove);
	const runs: [number, number][] = [];
	let open: [number, number] | null = null;
	for (const key of [...new Set(present)].sort((a, b) => a - b)) {
		if (removing.has(key)) {
			if (open) open[1] = key;
			else runs.push((open = [key, key]));
		} else open = null;
	}
	return runs;
}

/** Deletes the rows with keys `remove`, one range delete per run; `present` as for keyRuns. Call in a rw transaction. */
export async function deleteSeqs<T, I>(table: Table<T, number, I>, remove: readonly number[], present: readonly number[]): Promise<void> {
	for (const [first, last] of keyRuns(remove, present)) {
		if (first === last) await table.delete(first);
		else await table.where(':id').between(first, last, true, true).delete();
	}
}

import type { Db } from './index';

/**
 * Sync revisions come from one counter row rather than a sequence: the row update takes a lock that is held
 * to commit, so a later revision is never visible before an earlier one (a pulling client never skips a
 * change), and the same statement works on SQLite and PostgreSQL. Call inside the writing transaction. (The
 * one-statement push, sync/push-in-one-statement.ts, updates the row inside its own single statement instead.)
 */
export async function nextRevision(trx: Db): Promise<number> {
	return reserveRevisions(trx, 1);
}

/** Reserves `n` consecutive revisions and returns the first; for bulk writes such as loading data. */
export async function reserveRevisions(trx: Db, n: number): Promise<number> {
	if (!Number.isInteger(n) || n < 1) throw new RangeError(`Cannot reserve ${n} revisions.`);
	const row = await trx
		.updateTable('counters')
		.set((eb) => ({ value: eb('value', '+', n) }))
		.where('name', '=', 'revision')
		.returning('value')
		.executeTakeFirstOrThrow(() => new Error('The revision counter is missing: run the migrations.'));
	return Number(row.value) - n + 1;
}

/**
 * Takes the revision counter's lock without moving it. A writer that decides from rows it read (a push compares
 * them with the device's base revision) takes it before reading: the next writer then waits here and reads
 * this one's committed rows, instead of reading the same old rows and overwriting them.
 */
export async function lockRevisions(trx: Db): Promise<void> {
	await trx
		.updateTable('counters')
		.set((eb) => ({ value: eb.ref('value') }))
		.where('name', '=', 'revision')
		.executeTakeFirstOrThrow();
}

import type { MutationOp } from '$lib/domain/sync-protocol';

/** Pure rules of the outbox, kept apart from Dexie so they are unit tested. */

export interface PendingChange {
	op: MutationOp;
	baseRevision: number | null;
	changes: Record<string, unknown>;
	reason?: string;
}

/**
 * Folds a new change into the last unsent change of the same record, so ten edits of one phone number offline
 * send one mutation. Only changes made from the same base revision fold (otherwise the server could no longer
 * tell which fields were decided on which version of the record); requests (with a reason) never fold.
 * Returns null when the two must stay separate.
 */
export function coalesce(previous: PendingChange, next: PendingChange): PendingChange | null {
	if (previous.reason !== undefined || next.reason !== undefined) return null;
	if (previous.op === 'delete') return null;
	if (next.op === 'delete') {
		// Deleting a record that never reached the server: nothing needs sending at all — but the caller
		// decides that; here the delete simply replaces the pending update.
		return previous.op === 'insert' ? null : { op: 'delete', baseRevision: previous.baseRevision, changes: {} };
	}
	if (next.op === 'insert') return null;
	if (previous.op === 'update' && previous.baseRevision !== next.baseRevision) return null;
	return { op: previous.op, baseRevision: previous.baseRevision, changes: { ...previous.changes, ...next.changes } };
}

/** What the screen shows: the server's row with this device's unacknowledged changes on top, oldest first. */
export function withPending<T extends Record<string, unknown>>(serverRow: T, pending: readonly PendingChange[]): T {
	let row: Record<string, unknown> = { ...serverRow };
	for (const p of pending) if (p.op !== 'delete' && p.reason === undefined) row = { ...row, ...p.changes };
	return row as T;
}

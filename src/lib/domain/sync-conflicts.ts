/**
 * Per-field conflict detection. The server keeps, for each synced row, which revision last changed each field
 * and which device changed it: {"*": rowRevision, "~": floor, "email": [revision, clientId], …}. A mutation's change to a
 * field conflicts when another device changed that field after the mutation's base revision and to a
 * different value; the server's value then stays.
 */

export type FieldRevisionMap = Record<string, number | [number, string]>;

export function parseFieldRevisions(json: string | null | undefined): FieldRevisionMap | null {
	if (!json) return null;
	try {
		const parsed: unknown = JSON.parse(json);
		return parsed && typeof parsed === 'object' ? (parsed as FieldRevisionMap) : null;
	} catch {
		return null;
	}
}

/**
 * When and by whom a field last changed. A map that does not describe the row's current revision (someone
 * changed the row without keeping the map) cannot be trusted: every field counts as changed at the row's
 * revision by an unknown writer. A field absent from a current map last changed at the map's floor "~" (or at
 * creation, 0).
 */
export function fieldChange(map: FieldRevisionMap | null, rowRevision: number, field: string): { revision: number; by: string | null } {
	if (!map || map['*'] !== rowRevision) return { revision: rowRevision, by: null };
	const entry = map[field];
	if (Array.isArray(entry)) return { revision: entry[0], by: entry[1] };
	const floor = map['~'];
	return { revision: typeof floor === 'number' ? floor : 0, by: null };
}

export const sameValue = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null);

export interface ConflictSplit {
	/** Fields to write. */
	apply: Record<string, unknown>;
	/** Fields where the server's value stays. */
	conflicts: string[];
}

export function splitConflicts(args: {
	changes: Record<string, unknown>;
	current: Record<string, unknown>;
	baseRevision: number | null;
	rowRevision: number;
	fieldRevisions: FieldRevisionMap | null;
	clientId: string;
}): ConflictSplit {
	const base = args.baseRevision ?? 0;
	const apply: Record<string, unknown> = {};
	const conflicts: string[] = [];
	for (const [field, value] of Object.entries(args.changes)) {
		if (sameValue(args.current[field], value)) continue; // already so: nothing to write, nothing lost
		const last = fieldChange(args.fieldRevisions, args.rowRevision, field);
		if (last.revision > base && last.by !== args.clientId) conflicts.push(field);
		else apply[field] = value;
	}
	return { apply, conflicts };
}

/** The map after `fields` were written at `revision` by `clientId`. */
export function stampFieldRevisions(
	map: FieldRevisionMap | null,
	previousRowRevision: number,
	fields: readonly string[],
	revision: number,
	clientId: string
): FieldRevisionMap {
	// A missing or stale map is replaced by a floor: every other field counts as changed at the previous row
	// revision by someone else, which is all that is known about it.
	const next: FieldRevisionMap = map && map['*'] === previousRowRevision ? { ...map } : { '~': previousRowRevision };
	for (const f of fields) next[f] = [revision, clientId];
	next['*'] = revision;
	return next;
}

import type { Kysely } from 'kysely';
import { prepareRenewalRequest } from '../renewal/renewal-request';
import { decide, NOT_YOURS } from '../../domain/permissions';
import { parseFieldRevisions, splitConflicts, stampFieldRevisions, type FieldRevisionMap } from '../../domain/sync-conflicts';
import type { FieldConflict, Mutation, MutationResult } from '../../domain/sync-protocol';
import { RECORD_KEY, TABLE_NOUNS, fieldLabel, type SyncTable } from '../../domain/sync-tables';
import { FIELD_SCHEMAS, introducedErrors, recordErrors, validateChanges } from '../../domain/sync-validation';
import { holdsNul, type FieldErrors } from '../../domain/validation';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';
import { nextRevision } from '../db/revision';
import type { OutgoingMessage } from '../messages/outbox';
import { requestEmailChange, siteOrigin } from '../auth/email-change';
import { auditRefusal } from './refusal-audit';
import { additionRequestChanges } from './member-addition';
import { readsRosterFacts, rosterFacts } from './roster-facts';

type Row = Record<string, unknown>;

/** Applying one mutation inside the caller's transaction: the single place every synced write is checked. */

export interface ApplyContext {
	user: SessionUser;
	clientId: string;
	now: string;
	/** Messages to send once the transaction has committed (never for a change that was rolled back). */
	notices?: OutgoingMessage[];
	/**
	 * Rows the caller already read in this transaction (readRecords; null: no such row). Each is used once and
	 * dropped, since applying may change it; a record not here is read from the database.
	 */
	rows?: Map<string, Row | null>;
	/** Where this transaction's revisions come from; one `nextRevision` statement each by default. */
	takeRevision?: () => Promise<number>;
	/**
	 * How a record's own write is made. By default it takes a revision and runs now; push-in-one-statement.ts holds
	 * it back for its one statement, answering 0 for the revision that statement fills in (decision 052).
	 */
	write?: (w: RecordWrite) => Promise<number>;
	/**
	 * Called before reading anything besides the record itself to decide (roster facts, who holds an email
	 * address, a renewal's CE): the caller must then hold the revision lock, so that what is read stays true until
	 * this transaction commits. push-in-one-statement.ts, judging without the lock, answers by throwing TakeTheLock:
	 * the chunk is then applied the locked way. Nothing is written before this is called.
	 */
	lockToDecide?: () => Promise<void>;
}

/** A record's own write under a new revision: what applying a mutation writes to its table. */
export interface RecordWrite {
	table: SyncTable;
	id: string;
	/** Whether the record is new (insert) or changed in place (update, and a delete, which marks it). */
	insert: boolean;
	/** The record's revision as it was read (null for an insert): a held-back write checks it is still so. */
	seen: number | null;
	/**
	 * The columns to write, given the revision they are written under. The revision appears in the `revision`
	 * column and in `fieldRevisions` (its stamps) and nowhere else: push-in-one-statement.ts numbers a held write
	 * inside the statement that makes it, filling in those two (decision 052).
	 */
	values: (revision: number) => Row;
}

/**
 * The statement writing `values` (from `w.values`) to `w`'s record. Guarded, it writes only if the record is still
 * as it was read: an update only while its revision is `seen`, an insert only if no record has the id. Returns the
 * key of each written row, so a guarded write that found its record changed returns none.
 */
export function recordWriteStatement(trx: Db, w: RecordWrite, values: Row, guarded: boolean) {
	const any = trx as unknown as Kysely<Record<string, Row>>;
	const key = RECORD_KEY[w.table];
	if (w.insert) {
		const insert = any.insertInto(w.table).values(values);
		return (guarded ? insert.onConflict((oc) => oc.column(key).doNothing()) : insert).returning(key);
	}
	const update = any.updateTable(w.table).set(values).where(key, '=', w.id);
	return (guarded ? update.where('revision', '=', w.seen) : update).returning(key);
}

async function writeNow(trx: Db, takeRevision: () => Promise<number>, w: RecordWrite): Promise<number> {
	const revision = await takeRevision();
	await recordWriteStatement(trx, w, w.values(revision), false).execute();
	return revision;
}

export const rowKey = (table: SyncTable, id: string) => `${table}\u0000${id}`;

/**
 * The current rows of every record the mutations touch, one query per table: on PostgreSQL each statement is a
 * round trip, and reading each record on its own was a third of a push's statements.
 */
export async function readRecords(trx: Db, mutations: readonly Mutation[]): Promise<Map<string, Row | null>> {
	const rows = new Map<string, Row | null>();
	const any = trx as unknown as Kysely<Record<string, Row>>;
	const idsByTable = new Map<SyncTable, Set<string>>();
	for (const m of mutations) {
		if (!idsByTable.has(m.table)) idsByTable.set(m.table, new Set());
		idsByTable.get(m.table)!.add(m.id);
	}
	for (const [table, ids] of idsByTable) {
		const key = RECORD_KEY[table];
		for (const id of ids) rows.set(rowKey(table, id), null);
		const found = await any.selectFrom(table).selectAll().where(key, 'in', [...ids]).execute();
		for (const row of found) rows.set(rowKey(table, String(row[key])), row);
	}
	return rows;
}

export const EMAIL_TAKEN =
	'That email address is already used by another person in the registry. Use a different address, or call the state EMS office if it is yours.';

/**
 * A person's email is also their account's address for sign-in codes, but a synced change only asks for the move:
 * the account's address changes when the new inbox confirms (auth/email-change.ts, decision 019). The address may
 * not be one another person already uses (accounts.email is unique).
 */
async function moveAccountEmail(trx: Db, ctx: ApplyContext, emsNumber: string, newEmail: string): Promise<string | null> {
	const taken = await trx
		.selectFrom('accounts')
		.select('id')
		.where('email', '=', newEmail)
		.where((eb) => eb.or([eb('emsNumber', 'is', null), eb('emsNumber', '<>', emsNumber)]))
		.unionAll(trx.selectFrom('persons').select('emsNumber as id').where('email', '=', newEmail).where('emsNumber', '<>', emsNumber))
		.executeTakeFirst();
	if (taken) return EMAIL_TAKEN;
	ctx.notices?.push(...(await requestEmailChange(trx, { emsNumber, newEmail, requestedBy: ctx.user.accountId, origin: siteOrigin(), now: ctx.now })));
	return null;
}

/** The record's own fields, without the sync columns. */
export function recordFields(table: SyncTable, row: Row): Row {
	const out: Row = {};
	for (const field of Object.keys(FIELD_SCHEMAS[table])) out[field] = row[field] ?? null;
	return out;
}

/** A reason typed with U+0000 in it (pasted): PostgreSQL cannot store it, so it is refused, never retried. */
const REASON_HOLDS_NUL = 'The reason holds a character that cannot be stored (a null byte). Enter it again without it.';

const pick = (row: Row, fields: string[]): Row => Object.fromEntries(fields.map((f) => [f, row[f] ?? null]));

function rejected(m: Mutation, reason: string, current: Row | null, errors?: FieldErrors): MutationResult {
	return errors ? { seq: m.seq, status: 'rejected', reason, errors, current } : { seq: m.seq, status: 'rejected', reason, current };
}

function invalid(m: Mutation, errors: FieldErrors, current: Row | null): MutationResult {
	const messages = [...new Set(Object.values(errors))];
	return rejected(m, `Not saved: ${messages.join(' ')}`, current, errors);
}

/**
 * The answer to a mutation the server failed on (push.ts re-ran its chunk without it): a refusal with `reason`,
 * and the server's values of its fields where the sender may see the record, so the device shows what is saved.
 */
export async function refuseFailed(trx: Db, ctx: ApplyContext, m: Mutation, reason: string): Promise<MutationResult> {
	const any = trx as unknown as Kysely<Record<string, Row>>;
	const known = ctx.rows?.get(rowKey(m.table, m.id));
	const row =
		known !== undefined ? known : ((await any.selectFrom(m.table).selectAll().where(RECORD_KEY[m.table], '=', m.id).executeTakeFirst()) ?? null);
	if (!row || m.op === 'insert') return rejected(m, reason, null);
	const existing = recordFields(m.table, row);
	if (!existing) return rejected(m, reason, null);
	const visible = decide(ctx.user, { table: m.table, op: 'update', existing, changes: {} }).kind !== 'deny';
	return rejected(m, reason, visible ? pick(existing, Object.keys(m.changes)) : null);
}

export async function applyMutation(trx: Db, ctx: ApplyContext, m: Mutation): Promise<MutationResult> {
	const table = m.table;
	const key = RECORD_KEY[table];
	const any = trx as unknown as Kysely<Record<string, Row>>;
	const changedFields = Object.keys(m.changes);
	const known = ctx.rows?.get(rowKey(table, m.id));
	ctx.rows?.delete(rowKey(table, m.id));
	const existingRow =
		known !== undefined ? (known ?? undefined) : ((await any.selectFrom(table).selectAll().where(key, '=', m.id).executeTakeFirst()) as Row | undefined);
	const takeRevision = ctx.takeRevision ?? (() => nextRevision(trx));
	const write = ctx.write ?? ((w: RecordWrite) => writeNow(trx, takeRevision, w));
	const existing = existingRow ? recordFields(table, existingRow) : null;
	const office = ctx.user.role === 'office';

	// Whether a record exists is itself information: people who may not change it learn only that.
	if (m.op !== 'insert' && (!existingRow || !existing)) {
		if (!office) await auditRefusal(trx, ctx, m, NOT_YOURS);
		return rejected(m, office ? `This ${TABLE_NOUNS[table]} does not exist.` : NOT_YOURS, null);
	}
	if (m.op === 'insert' && existingRow) {
		const visible = decide(ctx.user, { table, op: 'update', existing, changes: {} }).kind !== 'deny';
		if (!visible) await auditRefusal(trx, ctx, m, NOT_YOURS);
		return rejected(m, visible ? `This ${TABLE_NOUNS[table]} already exists.` : NOT_YOURS, null);
	}
	if (changedFields.length === 0 && m.op !== 'delete') return rejected(m, 'Nothing was changed.', null);
	if (m.op === 'update' && changedFields.includes(key)) {
		return rejected(m, `${fieldLabel(table, key)} cannot be changed.`, existing ? pick(existing, changedFields) : null);
	}

	const validated = validateChanges(table, m.op === 'insert' ? { ...m.changes, [key]: m.id } : m.changes);
	const before = existing ? pick(existing, changedFields) : null;
	if (m.reason !== undefined && holdsNul(m.reason)) return invalid(m, { reason: REASON_HOLDS_NUL }, null);
	if (!validated.ok) {
		const visible = existing === null || decide(ctx.user, { table, op: 'update', existing, changes: {} }).kind !== 'deny';
		return invalid(m, validated.errors, visible ? before : null);
	}
	const changes = validated.value;

	if (readsRosterFacts(table, changes)) await ctx.lockToDecide?.();
	const roster = await rosterFacts(trx, table, m.op, m.id, existing, changes, ctx.now.slice(0, 10));
	const decision = decide(ctx.user, { table, op: m.op, existing, changes, roster });
	if (decision.kind === 'deny') {
		const visible = existing !== null && decide(ctx.user, { table, op: 'update', existing, changes: {} }).kind !== 'deny';
		await auditRefusal(trx, ctx, m, decision.reason);
		return rejected(m, decision.reason, visible ? before : null, decision.field ? { [decision.field]: decision.reason } : undefined);
	}

	if (existingRow?.deletedAt) {
		return rejected(m, `This ${TABLE_NOUNS[table]} was removed, so the change was not applied.`, before);
	}

	if (decision.kind === 'request') {
		await ctx.lockToDecide?.();
		// A renewal application is checked and filed by its own module (it carries attestations in `reason`).
		const renewal = decision.request === 'renewal' ? await prepareRenewalRequest(trx, existing!, changes, m.reason, ctx.now) : null;
		if (renewal && !renewal.ok) return rejected(m, renewal.reason, before, renewal.errors);
		const revision = await takeRevision();
		const requestId = crypto.randomUUID();
		// A member addition names the person added and the membership the device made (issue 13 approves it).
		const addition = decision.request === 'member_addition' ? additionRequestChanges(m.id, changes) : null;
		await trx
			.insertInto('changeRequests')
			.values({
				id: requestId,
				emsNumber: renewal?.ok ? renewal.emsNumber : addition ? addition.emsNumber : m.id,
				kind: decision.request,
				changes: JSON.stringify(renewal?.ok ? renewal.changes : (addition ?? changes)),
				reason: renewal ? null : (m.reason ?? null),
				requestedBy: ctx.user.accountId,
				requestedAt: ctx.now,
				decidedBy: null,
				decidedAt: null,
				decisionNote: null,
				revision,
				updatedAt: ctx.now,
				deletedAt: null
			})
			.execute();
		return { seq: m.seq, status: 'requested', requestId, message: decision.message, current: before };
	}

	const seen = existingRow ? Number(existingRow.revision) : null;
	if (m.op === 'delete') {
		const revision = await write({ table, id: m.id, insert: false, seen, values: (revision) => ({ deletedAt: ctx.now, revision, updatedAt: ctx.now }) });
		return { seq: m.seq, status: 'applied', revision, conflicts: [], current: {} };
	}

	if (m.op === 'insert') {
		const errors = recordErrors(table, changes);
		if (Object.keys(errors).length) return invalid(m, errors, null);
		const values = (revision: number) => {
			const stamp: FieldRevisionMap = { '*': revision };
			for (const f of Object.keys(changes)) stamp[f] = [revision, ctx.clientId];
			return { ...recordFields(table, changes), revision, updatedAt: ctx.now, deletedAt: null, fieldRevisions: JSON.stringify(stamp) };
		};
		const revision = await write({ table, id: m.id, insert: true, seen: null, values });
		return { seq: m.seq, status: 'applied', revision, conflicts: [], current: pick(changes, changedFields) };
	}

	// Update: per-field conflicts against what changed on the server since the device's base revision.
	const rowRevision = Number(existingRow!.revision);
	const fieldRevisions = parseFieldRevisions(existingRow!.fieldRevisions as string | null);
	const split = splitConflicts({ changes, current: existing!, baseRevision: m.baseRevision, rowRevision, fieldRevisions, clientId: ctx.clientId });
	const conflicts: FieldConflict[] = split.conflicts.map((field) => ({
		field,
		label: fieldLabel(table, field),
		yourValue: changes[field],
		serverValue: existing![field] ?? null,
		serverRevision: rowRevision
	}));
	const after = { ...existing!, ...split.apply };
	const current = pick(after, changedFields);
	const toWrite = Object.keys(split.apply);
	if (toWrite.length === 0) return { seq: m.seq, status: 'applied', revision: null, conflicts, current };

	const errors = introducedErrors(table, existing, after);
	if (Object.keys(errors).length) return invalid(m, errors, before);

	if (table === 'persons' && 'email' in split.apply && split.apply.email !== existing!.email) {
		await ctx.lockToDecide?.();
		const refused = await moveAccountEmail(trx, ctx, m.id, String(split.apply.email));
		if (refused) return rejected(m, refused, before, { email: refused });
	}

	const values = (revision: number) => {
		const stamp = stampFieldRevisions(fieldRevisions, rowRevision, toWrite, revision, ctx.clientId);
		return { ...split.apply, revision, updatedAt: ctx.now, fieldRevisions: JSON.stringify(stamp) };
	};
	const revision = await write({ table, id: m.id, insert: false, seen, values });
	return { seq: m.seq, status: 'applied', revision, conflicts, current };
}

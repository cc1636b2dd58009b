import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { Mutation, MutationResult } from '../../domain/sync-protocol';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';
import { isPassingDatabaseFailure } from '../db/failures';
import { applyMutation, readRecords, recordWriteStatement, rowKey, type RecordWrite } from './apply';
import { storedAnswer } from './stored-answer';

/**
 * A push chunk judged without the revision lock and written in one statement (PostgreSQL; decision 052).
 *
 * The locked way (push.ts) takes the revision counter's lock before it reads, and holds it through five round
 * trips and the commit, so on a busy server pushes queue for it. Most chunks are a device's fresh edits of records
 * judged on themselves alone (its own contact details, its CE entries), and for those this reads the records
 * without a transaction, judges every mutation on a read-only handle, holding each record's write back, and then
 * makes all of it in one autocommitted statement: the device's sequence number, the revision counter (whose lock
 * is thus held for the rest of one statement, not for round trips), each record's write under its new revision,
 * and the stored answers. Each part checks that what it was judged on is still so: the device id is this
 * account's and has answered nothing of the chunk yet, each record's revision is the one read, an inserted record
 * is still absent. If any is not, the statement fails whole, and the chunk goes the locked way.
 *
 * Two reads are assumed rather than made, since on PostgreSQL each is a round trip and the statement checks them
 * anyway: the device's row (the statement makes it on a first push; another account's device id or a resend fails
 * its check, and the locked way then answers 409 or returns the stored answers), and a record to be inserted (its
 * id is new, made by the device; one that exists after all makes its guarded insert write nothing).
 *
 * Anything else goes the locked way too, before writing: a record named twice in the chunk, a mutation judged on
 * more than its record (lockToDecide: roster facts, an email address, a renewal), a refusal that is audited or
 * anything else that would write while judging, and a failure while applying one (the locked way answers it with
 * a reference).
 */

/** This chunk must go the locked way (push.ts), and nothing of it was written. */
export class TakeTheLock extends Error {}

/**
 * Stands for the revision in a held write's `fieldRevisions` and in its stored answer until the statement making
 * the write numbers it. Revisions are positive and device ids UUIDs, so it cannot be there otherwise.
 */
const PENDING = -7_777_777_777;

/** What the statement's last column casts to a number when a check failed, so that PostgreSQL refuses it whole. */
const CHANGED = 'a push judged without the lock found what it read changed';

/** Lets a judging pass read but not write: a write it tries is a reason to take the lock (TakeTheLock). */
const readOnly: KyselyPlugin = {
	transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
		if (node.kind !== 'SelectQueryNode') throw new TakeTheLock(`judging would write (${node.kind})`);
		return node;
	},
	transformResult: async ({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => result
};

interface Held {
	write: RecordWrite;
	result: Extract<MutationResult, { status: 'applied' }>;
}

export interface OneStatementOptions {
	now: string;
	applying?: (m: Mutation) => void;
	afterEach?: (seq: number) => void;
}

/**
 * Answers the chunk, or throws TakeTheLock for push.ts to run it the locked way. That error leaves nothing of the
 * chunk written; any other (a lost connection, a test's interruption) is the push's to report.
 */
export async function pushInOneStatement(
	db: Db,
	user: SessionUser,
	clientId: string,
	chunk: readonly Mutation[],
	options: OneStatementOptions
): Promise<MutationResult[]> {
	if (new Set(chunk.map((m) => rowKey(m.table, m.id))).size < chunk.length) throw new TakeTheLock('the chunk names a record twice');

	const reading = db.withPlugin(readOnly);
	const rows = await readRecords(reading, chunk.filter((m) => m.op !== 'insert'));
	for (const m of chunk) if (m.op === 'insert') rows.set(rowKey(m.table, m.id), null);
	const held: Held[] = [];
	const answered: { m: Mutation; result: MutationResult }[] = [];
	for (const m of chunk) {
		let write: RecordWrite | null = null;
		let result: MutationResult;
		try {
			options.applying?.(m);
			result = await applyMutation(reading, {
				user,
				clientId,
				now: options.now,
				rows,
				takeRevision: () => Promise.reject(new TakeTheLock('judging took a revision')),
				write: async (w) => ((write = w), 0),
				lockToDecide: () => Promise.reject(new TakeTheLock(`${m.table} ${m.op} is judged on more than its record`))
			}, m);
		} catch (error) {
			if (error instanceof TakeTheLock || isPassingDatabaseFailure(error)) throw error;
			// The locked way applies it again and, if it fails there too, answers it with a reference.
			throw new TakeTheLock('applying a mutation failed', { cause: error });
		}
		if (write && result.status === 'applied') held.push({ write, result });
		answered.push({ m, result });
		options.afterEach?.(m.seq);
	}

	const first = await writeInOneStatement(db, user, clientId, chunk[0]!.seq, chunk[chunk.length - 1]!.seq, held, answered, options.now);
	held.forEach((h, i) => (h.result.revision = first + i));
	return answered.map((a) => a.result);
}

/**
 * The one statement: each part a data-modifying WITH. The counter's update waits for the device's row (`c`) and
 * each write reads the counter's (`r`), so locks come in the locked way's order (device, counter, records) and two
 * pushes cannot deadlock. Answers the first revision. The leading comment keeps it unprepared
 * (db/postgres-pool.ts): its text varies with what each push writes.
 */
async function writeInOneStatement(
	db: Db,
	user: SessionUser,
	clientId: string,
	firstSequence: number,
	lastSequence: number,
	held: Held[],
	answered: { m: Mutation; result: MutationResult }[],
	now: string
): Promise<number> {
	const id = sql.id;
	// The device's row, made by its first push. An existing one moves on only if it is this account's and has
	// answered nothing of the chunk: sequence numbers increase within a push, so its last is below the chunk's first.
	const device = db
		.insertInto('syncClients')
		.values({ clientId, accountId: user.accountId, lastSequence, updatedAt: now })
		.onConflict((oc) =>
			oc
				.column('clientId')
				.doUpdateSet({ lastSequence, updatedAt: now })
				.where('syncClients.accountId', '=', user.accountId)
				.where('syncClients.lastSequence', '<', firstSequence)
		)
		.returning('clientId');
	const counter = db
		.updateTable('counters')
		.set((eb) => ({ value: eb('value', '+', held.length) }))
		.where('name', '=', 'revision')
		.where(sql<boolean>`exists (select 1 from ${id('c')})`)
		.returning(sql<number>`value - ${held.length - 1}`.as('first'));
	const number = new Map<MutationResult, number>(held.map((h, i) => [h.result, i]));
	const revision = (i: number) => sql<number>`((select first from ${id('r')}) + ${i})`;
	const filled = (text: string, i: number) => sql<string>`replace(${text}, ${String(PENDING)}, ${revision(i)}::text)`;
	const writes = held.map((h, i) => {
		const values: Record<string, unknown> = { ...h.write.values(PENDING), revision: revision(i) };
		if (typeof values.fieldRevisions === 'string') values.fieldRevisions = filled(values.fieldRevisions, i);
		return sql`${id(`w${i}`)} as (${recordWriteStatement(db, h.write, values, true)})`;
	});
	const log = answered.map(({ m, result }) => {
		const i = number.get(result);
		return storedAnswer(clientId, user.accountId, m, result, now, i === undefined ? undefined : filled(JSON.stringify({ ...result, revision: PENDING }), i));
	});
	const parts = [sql`${id('c')} as (${device})`, ...(held.length ? [sql`${id('r')} as (${counter})`, ...writes] : []), sql`${id('log')} as (${db.insertInto('syncMutations').values(log)})`];
	const written = held.length ? sql.join(held.map((_, i) => sql`(select count(*) from ${id(`w${i}`)})`), sql` + `) : sql`0`;
	const first = held.length ? sql`(select first from ${id('r')})` : sql`null`;
	try {
		const { rows } = await sql<{ first: string | number | null }>`/* one-statement push */ with ${sql.join(parts)} select ${first} as first, cast(case when (select count(*) from ${id('c')}) = 1 and ${written} = ${held.length} then '0' else ${CHANGED} end as integer) as checked`.execute(db);
		return Number(rows[0]?.first ?? 0);
	} catch (error) {
		if (isPassingDatabaseFailure(error)) throw error;
		// What it read changed (CHANGED), or a write failed (a constraint): nothing was written; the locked way
		// judges again, and answers a failing write as that mutation's.
		throw new TakeTheLock('the one statement was refused', { cause: error });
	}
}

import { error as httpError } from '@sveltejs/kit';
import { PostgresAdapter, type Insertable } from 'kysely';
import type { Mutation, MutationResult, PushRequest, PushResponse } from '../../domain/sync-protocol';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';
import { isPassingDatabaseFailure } from '../db/failures';
import { reserveRevisions } from '../db/revision';
import type { Database } from '../db/schema';
import { recordInOutbox, type OutgoingMessage } from '../messages/outbox';
import { limitConcurrency } from '../concurrency-limit';
import { applyMutation, readRecords, refuseFailed } from './apply';
import { pushInOneStatement, TakeTheLock } from './push-in-one-statement';
import { storedAnswer } from './stored-answer';

/**
 * Applies a device's queued mutations exactly once. Mutations are applied in order, in transactions of up to
 * `chunkSize`; each transaction also moves the device's last applied sequence (sync_clients) and stores each
 * answer (sync_mutations), so either a mutation and its bookkeeping commit together or neither does. A
 * mutation whose sequence is not above the stored one was applied before: the stored answer is returned again
 * and nothing is written. Two overlapping pushes from one device cannot both apply a sequence: the second
 * waits on the sync_clients row (PostgreSQL) or the single writer (SQLite), and sync_mutations' primary key
 * refuses a duplicate in any case.
 *
 * A mutation the server fails on (an exception while applying it, not a lost connection) would roll back its
 * chunk on every resend and block the device's queue for good. Its chunk is run again with that mutation
 * answered by a refusal that names a reference, which the server log shows beside the error; the rest of the
 * chunk applies, and the refusal is stored like any answer. A re-run costs nothing while nothing fails, where a
 * savepoint per mutation would cost two round trips each on PostgreSQL (decision 014).
 *
 * On PostgreSQL a chunk of a known device's fresh edits, each judged on its own record, is first tried without the
 * lock, in one statement (push-in-one-statement.ts, decision 052); whatever that does not take, or finds changed,
 * comes here, to the locked way below.
 */

export interface PushOptions {
	chunkSize?: number;
	/** Called inside the transaction after each applied mutation; tests use it to interrupt a push. */
	afterEach?: (seq: number) => void;
	/** Called inside the transaction as each mutation is applied, as part of applying it; tests use it to make one fail. */
	applying?: (m: Mutation) => void;
	now?: () => string;
	/** Told how each chunk was applied: in one statement without the lock, or the locked way and why (tests). */
	onChunk?: (way: 'one statement' | 'locked', why?: string) => void;
	/** Where an unexpected failure is reported, with a line saying what failed; the server log by default. */
	onError?: (error: unknown, line?: string) => void;
	/** Sends a notice (email change) after its transaction committed; the development outbox by default (the endpoint passes the configured transport). */
	deliver?: (message: OutgoingMessage) => Promise<void>;
}

export class ForeignClientError extends Error {}

/** Thrown out of a chunk's transaction when applying one mutation failed: the chunk runs again without it. */
class MutationFailure extends Error {
	constructor(
		readonly mutation: Mutation,
		readonly error: unknown
	) {
		super(`mutation ${mutation.seq} failed`);
	}
}

/** A reference the person can read out on the phone, and the log line to find it by. */
const reference = () => crypto.randomUUID().slice(0, 8).toUpperCase();
const failedReason = (ref: string) =>
	`Not saved: the server failed on this change (reference ${ref}). Try it again later; if it fails again, call the state EMS office and quote the reference.`;

export const SEQUENCE_REUSED = (seq: number) =>
	`Not saved: the server already holds a different change from this device under number ${seq}, so it kept that one. Make this change again.`;


/**
 * The device id belongs to another account: the whole push is answered 409 and nothing of it applied, never as
 * per-mutation refusals, which a device would settle by deleting the queued changes (decision 015).
 */
const FOREIGN_CLIENT = 'This device id belongs to another account, so nothing was applied. The changes stay on the device.';

/** A notice that cannot be sent must not undo a committed change or fail the device's push: it is logged. */
async function deliverAll(db: Db, notices: OutgoingMessage[], options: PushOptions): Promise<void> {
	const deliver = options.deliver ?? ((message: OutgoingMessage) => recordInOutbox(db, message));
	for (const message of notices) {
		try {
			await deliver(message);
		} catch (error) {
			(options.onError ?? ((e) => console.error('notice not sent', e)))(error);
		}
	}
}

/**
 * Locked-way push transactions of this process at once. Every one that writes takes the revision counter's lock, so pushes
 * run one after another however many are started; on PostgreSQL each one waiting for the lock holds a pooled
 * connection, and with 200 devices pushing, all ten were held by waiting pushes while pulls and sign-ins waited
 * for a connection (the load gate: pull p95 640 ms). Waiting here holds nothing; two keep the next push ready the
 * moment the lock passes. On SQLite transactions run one at a time anyway.
 */
const inTurn = limitConcurrency(2);

/** Runs a chunk until no mutation in it fails; each run answers one more failed mutation with a refusal. */
async function withoutFailing(attempt: () => Promise<MutationResult[]>, failed: Map<number, string>, clientId: string, options: PushOptions) {
	for (;;) {
		try {
			return await attempt();
		} catch (error) {
			if (!(error instanceof MutationFailure) || failed.has(error.mutation.seq)) throw error;
			const { mutation: m } = error;
			const ref = reference();
			const line = `sync push: refused mutation ${m.seq} (${m.op} ${m.table} ${m.id}) from device ${clientId}, reference ${ref}:`;
			(options.onError ?? ((e, l) => console.error(l, e)))(error.error, line);
			failed.set(m.seq, failedReason(ref));
		}
	}
}

export async function push(db: Db, user: SessionUser, request: PushRequest, options: PushOptions = {}): Promise<PushResponse> {
	const chunkSize = options.chunkSize ?? 100;
	const now = options.now ?? (() => new Date().toISOString());
	const results: MutationResult[] = [];
	const { clientId } = request;
	// PostgreSQL only: SQLite has no data-modifying WITH, and its single writer runs one transaction at a time anyway.
	const oneStatement = db.getExecutor().adapter instanceof PostgresAdapter;

	for (let start = 0; start < request.mutations.length; start += chunkSize) {
		const chunk = request.mutations.slice(start, start + chunkSize);
		const notices: OutgoingMessage[] = [];
		// Answers to mutations this chunk failed on in an earlier run (see MutationFailure).
		const failed = new Map<number, string>();
		try {
			if (oneStatement) {
				try {
					const answers = await pushInOneStatement(db, user, clientId, chunk, { now: now(), applying: options.applying, afterEach: options.afterEach });
					options.onChunk?.('one statement');
					results.push(...answers);
					continue;
				} catch (error) {
					if (!(error instanceof TakeTheLock)) throw error;
					options.onChunk?.('locked', error.message);
				}
			} else options.onChunk?.('locked', 'SQLite');
			const attempt = () => inTurn(() => db.transaction().execute(async (trx) => {
				notices.length = 0;
				const at = now();
				const client = await trx
					.insertInto('syncClients')
					.values({ clientId, accountId: user.accountId, lastSequence: 0, updatedAt: at })
					.onConflict((oc) => oc.column('clientId').doUpdateSet({ updatedAt: at }))
					.returning(['accountId', 'lastSequence'])
					.executeTakeFirstOrThrow();
				if (client.accountId !== user.accountId) throw new ForeignClientError(FOREIGN_CLIENT);
				let last = Number(client.lastSequence);

				const resent = chunk.filter((m) => m.seq <= last).map((m) => m.seq);
				const stored = new Map<number, MutationResult>();
				if (resent.length) {
					const rows = await trx
						.selectFrom('syncMutations')
						.select(['sequence', 'result', 'tableName', 'recordId'])
						.where('clientId', '=', clientId)
						.where('sequence', 'in', resent)
						.execute();
					const sent = new Map(chunk.map((m) => [m.seq, m]));
					for (const r of rows) {
						const seq = Number(r.sequence);
						const m = sent.get(seq)!;
						// A resend names the record it named before; another record under a used number is not this
						// mutation, and answering it with that one's answer would tell the device it was saved.
						const same = r.tableName === m.table && r.recordId === m.id;
						stored.set(seq, same ? (JSON.parse(r.result) as MutationResult) : { seq, status: 'rejected', reason: SEQUENCE_REUSED(seq), current: null });
					}
				}

				const fresh = chunk.filter((m) => m.seq > last);
				// Revisions for the chunk in one statement, which also takes the revision counter's lock: another
				// device's push of the same records waits here until this one commits, and then reads what it wrote
				// (READ COMMITTED reads anew per statement). One per fresh mutation; a refused one leaves a gap, which
				// pulls do not mind (the committed counter still bounds what they read). Taken together, the lock and
				// the reservation are one round trip inside the lock instead of two. A chunk of only resends writes
				// no record and takes no lock.
				let nextRevision = 0;
				let reservedEnd = 0;
				if (fresh.length) {
					// The device's last sequence number is known now (seqs increase; every fresh one is answered and
					// logged below, or the transaction fails whole), so it is written before the lock, not inside it.
					await trx.updateTable('syncClients').set({ lastSequence: fresh[fresh.length - 1]!.seq }).where('clientId', '=', clientId).execute();
					nextRevision = await reserveRevisions(trx, fresh.length);
					reservedEnd = nextRevision + fresh.length;
				}
				const rows = await readRecords(trx, fresh);
				let remaining = fresh.length;
				const takeRevision = async () => {
					if (nextRevision === reservedEnd) {
						nextRevision = await reserveRevisions(trx, remaining);
						reservedEnd = nextRevision + remaining;
					}
					return nextRevision++;
				};
				const log: Insertable<Database['syncMutations']>[] = [];
				const out: MutationResult[] = [];
				for (const m of chunk) {
					if (m.seq <= last) {
						out.push(stored.get(m.seq) ?? { seq: m.seq, status: 'applied', revision: null, conflicts: [], current: {} });
						continue;
					}
					const ctx = { user, clientId, now: at, notices, rows, takeRevision };
					const refusal = failed.get(m.seq);
					let result: MutationResult;
					if (refusal !== undefined) result = await refuseFailed(trx, ctx, m, refusal);
					else {
						try {
							options.applying?.(m);
							result = await applyMutation(trx, ctx, m);
						} catch (error) {
							throw isPassingDatabaseFailure(error) ? error : new MutationFailure(m, error);
						}
					}
					remaining--;
					log.push(storedAnswer(clientId, user.accountId, m, result, at));
					last = m.seq;
					out.push(result);
					options.afterEach?.(m.seq);
				}
				if (log.length) await trx.insertInto('syncMutations').values(log).execute();
				return out;
			}));
			const chunkResults = await withoutFailing(attempt, failed, clientId, options);
			results.push(...chunkResults);
			await deliverAll(db, notices, options);
		} catch (error) {
			// Only the first chunk can meet it (the id's account does not change between chunks).
			if (error instanceof ForeignClientError) httpError(409, error.message);
			// Nothing of this chunk was committed; the device keeps these mutations and sends them again.
			(options.onError ?? ((e) => console.error('sync push stopped', e)))(error);
			return { results, retryLater: 'The server could not save all changes just now; they will be sent again.' };
		}
	}
	return { results };
}

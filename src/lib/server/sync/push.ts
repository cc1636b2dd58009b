import type { Insertable } from 'kysely';
import type { MutationResult, PushRequest, PushResponse } from '../../domain/sync-protocol';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';
import { lockRevisions, reserveRevisions } from '../db/revision';
import type { Database } from '../db/schema';
import { recordInOutbox, type OutgoingMessage } from '../messages/outbox';
import { applyMutation, readRecords } from './apply';

/**
 * Applies a device's queued mutations exactly once. Mutations are applied in order, in transactions of up to
 * `chunkSize`; each transaction also moves the device's last applied sequence (sync_clients) and stores each
 * answer (sync_mutations), so either a mutation and its bookkeeping commit together or neither does. A
 * mutation whose sequence is not above the stored one was applied before: the stored answer is returned again
 * and nothing is written. Two overlapping pushes from one device cannot both apply a sequence: the second
 * waits on the sync_clients row (PostgreSQL) or the single writer (SQLite), and sync_mutations' primary key
 * refuses a duplicate in any case.
 */

export interface PushOptions {
	chunkSize?: number;
	/** Called inside the transaction after each applied mutation; tests use it to interrupt a push. */
	afterEach?: (seq: number) => void;
	now?: () => string;
	/** Where an unexpected failure is reported; the server log by default. */
	onError?: (error: unknown) => void;
	/** Sends a notice (email change) after its transaction committed; the development outbox by default (the endpoint passes the configured transport). */
	deliver?: (message: OutgoingMessage) => Promise<void>;
}

export class ForeignClientError extends Error {}

const FOREIGN_CLIENT =
	'This device was last used by another account. Sign out and sign in again so it starts fresh; your changes are kept.';

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

export async function push(db: Db, user: SessionUser, request: PushRequest, options: PushOptions = {}): Promise<PushResponse> {
	const chunkSize = options.chunkSize ?? 100;
	const now = options.now ?? (() => new Date().toISOString());
	const results: MutationResult[] = [];
	const { clientId } = request;

	for (let start = 0; start < request.mutations.length; start += chunkSize) {
		const chunk = request.mutations.slice(start, start + chunkSize);
		const notices: OutgoingMessage[] = [];
		try {
			const chunkResults = await db.transaction().execute(async (trx) => {
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
						.select(['sequence', 'result'])
						.where('clientId', '=', clientId)
						.where('sequence', 'in', resent)
						.execute();
					for (const r of rows) stored.set(Number(r.sequence), JSON.parse(r.result) as MutationResult);
				}

				const fresh = chunk.filter((m) => m.seq > last);
				// Another device's push of the same records waits here until this one commits, and then reads
				// what it wrote (READ COMMITTED reads anew per statement); a chunk of only resends writes no record.
				if (fresh.length) await lockRevisions(trx);
				const rows = await readRecords(trx, fresh);
				// Revisions for the rest of the chunk in one statement: at most one per mutation (a refused one leaves a
				// gap, which pulls do not mind: the committed counter still bounds what they read).
				let nextRevision = 0;
				let reservedEnd = 0;
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
					const result = await applyMutation(trx, { user, clientId, now: at, notices, rows, takeRevision }, m);
					remaining--;
					log.push({
						clientId,
						sequence: m.seq,
						accountId: user.accountId,
						tableName: m.table,
						recordId: m.id,
						status: result.status,
						result: JSON.stringify(result),
						receivedAt: at
					});
					last = m.seq;
					out.push(result);
					options.afterEach?.(m.seq);
				}
				if (log.length) await trx.insertInto('syncMutations').values(log).execute();
				await trx.updateTable('syncClients').set({ lastSequence: last, updatedAt: at }).where('clientId', '=', clientId).execute();
				return out;
			});
			results.push(...chunkResults);
			await deliverAll(db, notices, options);
		} catch (error) {
			if (error instanceof ForeignClientError) {
				for (const m of request.mutations.slice(start))
					results.push({ seq: m.seq, status: 'rejected', reason: error.message, current: null });
				return { results };
			}
			// Nothing of this chunk was committed; the device keeps these mutations and sends them again.
			(options.onError ?? ((e) => console.error('sync push stopped', e)))(error);
			return { results, retryLater: 'The server could not save all changes just now; they will be sent again.' };
		}
	}
	return { results };
}

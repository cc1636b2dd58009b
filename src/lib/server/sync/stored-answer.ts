import type { Insertable } from 'kysely';
import type { Mutation, MutationResult } from '../../domain/sync-protocol';
import type { Database } from '../db/schema';

/**
 * The sync_mutations row that keeps a mutation's answer, so a resend gets it again. `result` is the answer's JSON
 * by default; the one-statement push passes an SQL expression that fills in the revision (decision 052).
 */
export function storedAnswer(clientId: string, accountId: string, m: Mutation, answer: MutationResult, receivedAt: string, result: unknown = JSON.stringify(answer)): Insertable<Database['syncMutations']> {
	return { clientId, sequence: m.seq, accountId, tableName: m.table, recordId: m.id, status: answer.status, result: result as string, receivedAt };
}

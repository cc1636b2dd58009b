import type { Mutation } from '../../domain/sync-protocol';
import { audit } from '../auth/audit';
import type { Db } from '../db';
import type { ApplyContext } from './apply';

/**
 * Every change the server refuses as not permitted is kept in the audit log (issue 10, item 7): who tried what on
 * which record, and the sentence they were given. Written in the push's transaction, so a chunk that is rolled
 * back and run again records it once.
 */
export async function auditRefusal(trx: Db, ctx: ApplyContext, m: Mutation, reason: string): Promise<void> {
	await audit(
		trx,
		{ event: 'change_refused', accountId: ctx.user.accountId, detail: { table: m.table, recordId: m.id, op: m.op, fields: Object.keys(m.changes).join(','), reason } },
		new Date(ctx.now)
	);
}

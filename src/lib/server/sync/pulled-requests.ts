import type { PulledRequest } from '../../domain/sync-protocol';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';
import { isReviewKind, parseChanges, REVIEW_KINDS } from '../office/review-kinds';

/** A decision older than this is not sent again to a device starting over (it was shown long ago). */
const DECISIONS_KEPT_DAYS = 30;

/**
 * The caller's own requests to the office that changed in (after, upTo]: a new one made on another device, or the
 * office's decision on one (the decision moves the request to a new revision). Requests carry revisions from the
 * same counter as records, so the page's cursor covers them too.
 */
export async function pulledRequests(db: Db, user: SessionUser, after: number, upTo: number, now: Date): Promise<PulledRequest[]> {
	if (upTo <= after) return [];
	const oldest = new Date(now.getTime() - DECISIONS_KEPT_DAYS * 86_400_000).toISOString();
	const rows = await db
		.selectFrom('changeRequests')
		.select(['id', 'kind', 'emsNumber', 'changes', 'status', 'decisionNote', 'decidedAt', 'requestedAt', 'revision'])
		.where('requestedBy', '=', user.accountId)
		.where('revision', '>', after)
		.where('revision', '<=', upTo)
		.where('deletedAt', 'is', null)
		.where((eb) => eb.or([eb('status', '=', 'pending'), eb('decidedAt', '>=', oldest)]))
		.orderBy('revision')
		.execute();
	return rows.flatMap((r) => {
		if (!isReviewKind(r.kind)) return [];
		const changes = parseChanges(r.changes);
		const kind = REVIEW_KINDS[r.kind];
		return [
			{
				id: r.id,
				kind: r.kind,
				table: kind.table,
				recordId: kind.recordId(r, changes),
				changes,
				status: r.status,
				decisionNote: r.decisionNote,
				decidedAt: r.decidedAt,
				requestedAt: r.requestedAt,
				revision: Number(r.revision)
			}
		];
	});
}

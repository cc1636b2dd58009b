import type { PulledRequest } from '../../domain/sync-protocol';
import { isReviewKind, parseChanges, REVIEW_KINDS } from '../office/review-kinds';

/** A decision older than this is not sent again to a device starting over (it was shown long ago). */
const DECISIONS_KEPT_DAYS = 30;

/**
 * The caller's own requests to the office travel in the pull's one statement (pull.ts), beside the rows: a new one
 * made on another device, or the office's decision on one (the decision moves the request to a new revision).
 * Requests carry revisions from the same counter as records, so the page's cursor covers them too. These are the
 * columns read of each, as the row's JSON keys.
 */
export const PULLED_REQUEST_COLUMNS = ['id', 'kind', 'emsNumber', 'changes', 'status', 'decisionNote', 'decidedAt', 'requestedAt', 'revision'] as const;

/** Requests decided before this are left out: pending ones are always sent. */
export const oldestDecisionSent = (now: Date) => new Date(now.getTime() - DECISIONS_KEPT_DAYS * 86_400_000).toISOString();

type RequestRow = Record<(typeof PULLED_REQUEST_COLUMNS)[number], unknown>;

/** A request as the device keeps it; null for a kind this version does not know. */
export function pulledRequest(r: RequestRow): PulledRequest | null {
	const kindName = String(r.kind);
	if (!isReviewKind(kindName)) return null;
	const changes = parseChanges(String(r.changes));
	const kind = REVIEW_KINDS[kindName];
	const id = String(r.id);
	return {
		id,
		kind: kindName,
		table: kind.table,
		recordId: kind.recordId({ id, emsNumber: String(r.emsNumber) }, changes),
		changes,
		status: r.status as PulledRequest['status'],
		decisionNote: (r.decisionNote as string | null) ?? null,
		decidedAt: (r.decidedAt as string | null) ?? null,
		requestedAt: String(r.requestedAt),
		revision: Number(r.revision)
	};
}

import { longDate } from '$lib/domain/format';
import type { PulledRequest } from '$lib/domain/sync-protocol';
import type { ActivityEntry, RequestEntry } from './device-db';

/**
 * A request the office decided becomes a line of the dashboard's Recent activity when the decision reaches the
 * device (the pull that brings it): "Renewal approved", "Renewal returned …". Keyed below zero by the decision's
 * time, so it never collides with the outbox sequences that key the person's own changes, and written once: a
 * request already filed with that status makes no new line.
 */
export function decisionActivities(pulled: readonly PulledRequest[], before: readonly (RequestEntry | undefined)[]): ActivityEntry[] {
	return pulled.flatMap((r, i) => {
		if (r.status === 'pending' || !r.decidedAt || before[i]?.status === r.status) return [];
		const newExpiresOn = typeof r.changes.newExpiresOn === 'string' ? r.changes.newExpiresOn : null;
		const note = r.status === 'rejected' ? (r.decisionNote ?? undefined) : r.kind === 'renewal' && newExpiresOn ? `New expiration: ${longDate(newExpiresOn)}` : undefined;
		return [
			{
				seq: -Date.parse(r.decidedAt),
				table: r.table,
				recordId: r.recordId,
				kind: 'decision',
				decision: r.status,
				requestKind: r.kind,
				fields: [],
				at: r.decidedAt,
				state: 'applied',
				settledAt: r.decidedAt,
				...(note ? { note } : {})
			} satisfies ActivityEntry
		];
	});
}

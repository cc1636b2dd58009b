import type { Db } from '../db';
import { lockRevisions, nextRevision } from '../db/revision';
import { audit } from '../auth/audit';
import type { OutgoingMessage } from '../messages/outbox';
import { decisionNotice } from './decision-notice';
import { parseChanges, REVIEW_KINDS, type ChangeRequestRow } from './review-kinds';

export type Decision = 'approve' | 'return';

export interface DecisionInput {
	requestId: string;
	decision: Decision;
	/** Required when returning: the asker reads it. */
	note: string;
	staff: { accountId: string; email: string };
	ip?: string | null;
	now?: Date;
	/** Where the asker's email goes; the configured delivery by default. */
	deliver?: (message: OutgoingMessage) => Promise<void>;
}

export type DecisionResult =
	| { ok: true; status: 'approved' | 'rejected'; revision: number; notice: OutgoingMessage | null }
	| { ok: false; reason: string; field?: 'note'; decidedBy?: string | null };

export const NOTE_REQUIRED = 'Give the reason for returning this request; the person who asked reads it.';
export const NOT_FOUND = 'There is no such request.';

/** Thrown inside the transaction to roll it back with a sentence for the office. */
class Refusal extends Error {
	constructor(
		readonly reason: string,
		readonly decidedBy: string | null = null
	) {
		super(reason);
	}
}

async function whoDecided(db: Db, row: Pick<ChangeRequestRow, 'decidedBy' | 'decidedAt' | 'status'>): Promise<{ sentence: string; by: string | null }> {
	const by = row.decidedBy ? await db.selectFrom('accounts').select('email').where('id', '=', row.decidedBy).executeTakeFirst() : undefined;
	const word = row.status === 'approved' ? 'approved' : 'returned';
	const when = row.decidedAt ? ` at ${new Date(row.decidedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
	return { sentence: `This request was already ${word} by ${by?.email ?? 'another staff member'}${when}. Nothing was changed.`, by: by?.email ?? null };
}

/**
 * Approves or returns one waiting request in one transaction: the change it asks for (a kind's `approve`), the
 * request's new status and revision (so the asker's device pulls it), and the audit row. Two staff deciding at
 * once: both take the revision lock first, so the second reads the first one's committed decision; the guarded
 * update (`status = 'pending'`) makes sure only one can win even without the lock. The asker is emailed after commit.
 */
export async function decideRequest(db: Db, input: DecisionInput): Promise<DecisionResult> {
	const now = (input.now ?? new Date()).toISOString();
	const note = input.note.trim();
	const refuse = async (reason: string, detail: Record<string, string>, emsNumber?: string | null) => {
		await audit(db, { event: 'office_refused', accountId: input.staff.accountId, ip: input.ip, emsNumber, detail: { action: `request_${input.decision}`, requestId: input.requestId.slice(0, 64), ...detail } }, new Date(now));
	};
	if (input.decision === 'return' && note === '') {
		await refuse(NOTE_REQUIRED, { why: 'no_reason' });
		return { ok: false, reason: NOTE_REQUIRED, field: 'note' };
	}
	if (note.length > 1000) return { ok: false, reason: 'Keep the note under 1,000 characters.', field: 'note' };

	let decided: { row: ChangeRequestRow; revision: number; status: 'approved' | 'rejected'; agencyNumber: string | null };
	try {
		decided = await db.transaction().execute(async (trx) => {
			await lockRevisions(trx);
			const row = await trx.selectFrom('changeRequests').selectAll().where('id', '=', input.requestId).where('deletedAt', 'is', null).executeTakeFirst();
			if (!row) throw new Refusal(NOT_FOUND);
			if (row.status !== 'pending') {
				const who = await whoDecided(trx, row);
				throw new Refusal(who.sentence, who.by);
			}
			const kind = REVIEW_KINDS[row.kind];
			if (!kind) throw new Refusal(`This server cannot decide requests of kind “${row.kind}”.`);
			const changes = parseChanges(row.changes);
			const revision = await nextRevision(trx);
			if (input.decision === 'approve') {
				const problem = await kind.approve({ trx, revision, now }, row, changes);
				if (problem) throw new Refusal(problem);
			}
			const status = input.decision === 'approve' ? 'approved' : 'rejected';
			const updated = await trx
				.updateTable('changeRequests')
				.set({ status, decidedBy: input.staff.accountId, decidedAt: now, decisionNote: note || null, revision, updatedAt: now })
				.where('id', '=', row.id)
				.where('status', '=', 'pending')
				.executeTakeFirst();
			if (Number(updated.numUpdatedRows) !== 1) {
				const again = await trx.selectFrom('changeRequests').select(['status', 'decidedBy', 'decidedAt']).where('id', '=', row.id).executeTakeFirstOrThrow();
				const who = await whoDecided(trx, again);
				throw new Refusal(who.sentence, who.by);
			}
			const agencyNumber = typeof changes.agencyNumber === 'string' ? changes.agencyNumber : null;
			await audit(
				trx,
				{
					event: status === 'approved' ? 'request_approved' : 'request_returned',
					accountId: input.staff.accountId,
					ip: input.ip,
					emsNumber: row.emsNumber,
					agencyNumber,
					detail: { requestId: row.id, kind: row.kind, requestedBy: row.requestedBy }
				},
				new Date(now)
			);
			return { row, revision, status, agencyNumber };
		});
	} catch (e) {
		if (!(e instanceof Refusal)) throw e;
		await refuse(e.reason, { why: e.decidedBy ? 'already_decided' : e.reason === NOT_FOUND ? 'not_found' : 'cannot_apply' });
		return { ok: false, reason: e.reason, decidedBy: e.decidedBy };
	}

	const notice = await decisionNotice(db, decided.row, decided.status, note);
	if (notice) {
		try {
			await (input.deliver ?? (await defaultDelivery(db)))(notice);
		} catch (error) {
			console.error('[office] decision notice not sent', error);
			await audit(db, { event: 'notice_not_delivered', accountId: decided.row.requestedBy, detail: { requestId: decided.row.id, channel: 'email' } });
		}
	}
	return { ok: true, status: decided.status, revision: decided.revision, notice };
}

async function defaultDelivery(db: Db): Promise<(m: OutgoingMessage) => Promise<void>> {
	const { transportsFromEnvironment } = await import('../auth/delivery');
	const transports = transportsFromEnvironment(db);
	return (m) => transports.email.send(m);
}

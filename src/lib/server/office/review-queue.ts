import type { Db } from '../db';
import { isReviewKind, parseChanges, REVIEW_KIND_NAMES, REVIEW_KINDS, type ReviewKind } from './review-kinds';

export interface QueueItem {
	id: string;
	kind: ReviewKind;
	kindNoun: string;
	summary: string;
	emsNumber: string;
	requestedAt: string;
	requestedBy: string | null;
}

export interface QueuePage {
	items: QueueItem[];
	counts: Record<ReviewKind, number>;
	total: number;
}

const QUEUE_PAGE = 100;

/** Everything waiting for a decision, oldest first, optionally of one kind, with the count of each kind. */
export async function reviewQueue(db: Db, kind: string | null): Promise<QueuePage> {
	const countRows = await db
		.selectFrom('changeRequests')
		.select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
		.where('status', '=', 'pending')
		.where('deletedAt', 'is', null)
		.groupBy('kind')
		.execute();
	const counts = Object.fromEntries(REVIEW_KIND_NAMES.map((k) => [k, 0])) as Record<ReviewKind, number>;
	for (const r of countRows) if (isReviewKind(r.kind)) counts[r.kind] = Number(r.n);

	let q = db
		.selectFrom('changeRequests as r')
		.leftJoin('persons as p', 'p.emsNumber', 'r.emsNumber')
		.leftJoin('accounts as a', 'a.id', 'r.requestedBy')
		.select(['r.id', 'r.kind', 'r.changes', 'r.emsNumber', 'r.requestedAt', 'a.email as askerEmail', 'p.firstName', 'p.middleName', 'p.lastName', 'p.suffix'])
		.where('r.status', '=', 'pending')
		.where('r.deletedAt', 'is', null)
		.where('r.kind', 'in', REVIEW_KIND_NAMES);
	if (kind && isReviewKind(kind)) q = q.where('r.kind', '=', kind);
	const rows = await q.orderBy('r.requestedAt').orderBy('r.id').limit(QUEUE_PAGE).execute();
	const items = rows.map((r) => {
		const k = r.kind as ReviewKind;
		const person = r.firstName !== null && r.lastName !== null ? { firstName: r.firstName, middleName: r.middleName, lastName: r.lastName, suffix: r.suffix } : null;
		return {
			id: r.id,
			kind: k,
			kindNoun: REVIEW_KINDS[k].noun,
			summary: REVIEW_KINDS[k].summary(parseChanges(r.changes), person),
			emsNumber: r.emsNumber,
			requestedAt: r.requestedAt,
			requestedBy: r.askerEmail
		};
	});
	return { items, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

export interface RequestDetail {
	id: string;
	kind: ReviewKind;
	kindNoun: string;
	status: 'pending' | 'approved' | 'rejected';
	changes: Record<string, unknown>;
	reason: string | null;
	requestedAt: string;
	requestedBy: { email: string | null; emsNumber: string | null };
	decidedAt: string | null;
	decidedBy: string | null;
	decisionNote: string | null;
	person: {
		emsNumber: string;
		firstName: string;
		middleName: string | null;
		lastName: string;
		suffix: string | null;
		dateOfBirth: string;
		email: string;
		city: string;
		state: string;
	} | null;
	credentials: { level: string; number: string; status: string; expiresOn: string }[];
	agency: { number: string; name: string; type: string } | null;
	document: { contentType: string; fileName: string; size: number } | null;
}

/** One request with what the office needs beside it: the person's record, the agency, the attached document. */
export async function requestDetail(db: Db, id: string): Promise<RequestDetail | null> {
	const r = await db.selectFrom('changeRequests').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
	if (!r || !isReviewKind(r.kind)) return null;
	const changes = parseChanges(r.changes);
	const [person, credentials, asker, decider, agency, document] = await Promise.all([
		db
			.selectFrom('persons')
			.select(['emsNumber', 'firstName', 'middleName', 'lastName', 'suffix', 'dateOfBirth', 'email', 'city', 'state'])
			.where('emsNumber', '=', r.emsNumber)
			.executeTakeFirst(),
		db.selectFrom('credentials').select(['level', 'number', 'status', 'expiresOn']).where('emsNumber', '=', r.emsNumber).where('deletedAt', 'is', null).orderBy('expiresOn', 'desc').execute(),
		db.selectFrom('accounts').select(['email', 'emsNumber']).where('id', '=', r.requestedBy).executeTakeFirst(),
		r.decidedBy ? db.selectFrom('accounts').select('email').where('id', '=', r.decidedBy).executeTakeFirst() : Promise.resolve(undefined),
		typeof changes.agencyNumber === 'string'
			? db.selectFrom('agencies').select(['number', 'name', 'type']).where('number', '=', changes.agencyNumber).executeTakeFirst()
			: Promise.resolve(undefined),
		db.selectFrom('changeRequestDocuments').select(['contentType', 'fileName', 'size']).where('requestId', '=', r.id).executeTakeFirst()
	]);
	return {
		id: r.id,
		kind: r.kind,
		kindNoun: REVIEW_KINDS[r.kind].noun,
		status: r.status,
		changes,
		reason: r.reason,
		requestedAt: r.requestedAt,
		requestedBy: { email: asker?.email ?? null, emsNumber: asker?.emsNumber ?? null },
		decidedAt: r.decidedAt,
		decidedBy: decider?.email ?? null,
		decisionNote: r.decisionNote,
		person: person ?? null,
		credentials,
		agency: agency ?? null,
		document: document ? { ...document, size: Number(document.size) } : null
	};
}

import { sql, type Kysely } from 'kysely';
import type { PullResponse, SyncRow } from '../../domain/sync-protocol';
import { SYNC_TABLES, type SyncTable } from '../../domain/sync-tables';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';

/**
 * Rows the caller may see that changed after their cursor, oldest first, in pages.
 *
 * Why the cursor is safe: revisions come from the counters row, updated inside each writing transaction; that
 * update holds the row's lock until commit (PostgreSQL; SQLite has one writer), so a revision is allocated
 * only after every lower one committed. The committed counter value C therefore promises that every change
 * with revision ≤ C is visible. A pull reads C first and returns only rows with revision ≤ C: a transaction
 * still running has a revision above C and is picked up by the next pull. (A PostgreSQL sequence would not
 * give this: sequence values are handed out without waiting for earlier transactions to commit.)
 *
 * A row that becomes visible without changing (a new member's person row, the agency of a new affiliation) is
 * sent when the affiliation that makes it visible changes: its effective revision is the larger of the two.
 * When the set of agencies the caller leads changes, `scope` changes and the device starts from cursor 0.
 */

type Row = Record<string, unknown>;
interface Change {
	table: SyncTable;
	eff: number;
	row: Row;
}
type Source = (after: number, upTo: number, limit: number | null) => Promise<Change[]>;

/** What a squad leader sees of a member: name and contact information, not date of birth. */
const MEMBER_PERSON_FIELDS = [
	'emsNumber', 'firstName', 'middleName', 'lastName', 'suffix', 'email', 'mobilePhone', 'homePhone',
	'street', 'street2', 'city', 'state', 'zip', 'revision', 'deletedAt'
] as const;

const withoutSyncColumns = (row: Row): Row => {
	const { fieldRevisions: _f, updatedAt: _u, eff: _e, ...rest } = row;
	return rest;
};

export function scopeOf(user: SessionUser): string {
	return `${user.role}:${user.emsNumber ?? ''}:${[...user.leaderOf].sort().join(',')}`;
}

function sources(db: Db, user: SessionUser): Source[] {
	const k = db as unknown as Kysely<Record<string, Row>>;
	const self = user.emsNumber;
	const leads = [...user.leaderOf];
	const out: Source[] = [];

	/** A plain table filtered by `filter`, ordered by its own revision. */
	const plain = (table: SyncTable, filter: (q: any) => any): Source => async (after, upTo, limit) => {
		let q = k.selectFrom(table).selectAll().where('revision', '>', after).where('revision', '<=', upTo);
		q = filter(q).orderBy('revision');
		if (limit !== null) q = q.limit(limit);
		const rows = (await q.execute()) as Row[];
		return rows.map((row) => ({ table, eff: Number(row.revision), row: withoutSyncColumns(row) }));
	};

	if (self !== null) {
		out.push(plain('persons', (q) => q.where('emsNumber', '=', self)));
		out.push(plain('credentials', (q) => q.where('emsNumber', '=', self)));
	}
	if (self !== null || leads.length) {
		out.push(
			plain('affiliations', (q) =>
				q.where((eb: any) => {
					const ors = [];
					if (self !== null) ors.push(eb('emsNumber', '=', self));
					if (leads.length) ors.push(eb('agencyNumber', 'in', leads));
					return eb.or(ors);
				})
			)
		);
		// Agencies the caller belongs to or leads; a new own affiliation makes its agency visible.
		out.push(async (after, upTo, limit) => {
			const own = k
				.selectFrom('affiliations')
				.select(['agencyNumber', sql<number>`max(revision)`.as('arev')])
				.where('emsNumber', '=', self ?? '')
				.where('deletedAt', 'is', null)
				.where('revision', '<=', upTo)
				.groupBy('agencyNumber');
			const eff = sql<number>`case when o.arev > a.revision then o.arev else a.revision end`;
			let q = k
				.selectFrom('agencies as a')
				.leftJoin(own.as('o'), 'o.agencyNumber', 'a.number')
				.selectAll('a')
				.select(eff.as('eff'))
				.where((eb: any) => {
					const ors = [eb('o.agencyNumber', 'is not', null)];
					if (leads.length) ors.push(eb('a.number', 'in', leads));
					return eb.or(ors);
				})
				.where(eff, '>', after)
				.where('a.revision', '<=', upTo)
				.orderBy('eff');
			if (limit !== null) q = q.limit(limit);
			const rows = (await q.execute()) as Row[];
			return rows.map((row) => ({ table: 'agencies' as const, eff: Number(row.eff), row: withoutSyncColumns(row) }));
		});
	}
	if (leads.length) {
		// Members of the agencies the caller leads; joining (or being re-affiliated) makes a person visible.
		out.push(async (after, upTo, limit) => {
			const members = k
				.selectFrom('affiliations')
				.select(['emsNumber', sql<number>`max(revision)`.as('arev')])
				.where('agencyNumber', 'in', leads)
				.where('deletedAt', 'is', null)
				.where('revision', '<=', upTo)
				.groupBy('emsNumber');
			const eff = sql<number>`case when m.arev > p.revision then m.arev else p.revision end`;
			let q = k
				.selectFrom('persons as p')
				.innerJoin(members.as('m'), 'm.emsNumber', 'p.emsNumber')
				.select(MEMBER_PERSON_FIELDS.map((f) => `p.${f}` as const))
				.select(eff.as('eff'))
				.where(eff, '>', after)
				.where('p.revision', '<=', upTo)
				.orderBy('eff');
			if (self !== null) q = q.where('p.emsNumber', '!=', self);
			if (limit !== null) q = q.limit(limit);
			const rows = (await q.execute()) as Row[];
			return rows.map((row) => ({ table: 'persons' as const, eff: Number(row.eff), row: withoutSyncColumns(row) }));
		});
		out.push(plain('vehicles', (q) => q.where('agencyNumber', 'in', leads)));
	}
	return out;
}

export async function currentRevision(db: Db): Promise<number> {
	const row = await db.selectFrom('counters').select('value').where('name', '=', 'revision').executeTakeFirstOrThrow();
	return Number(row.value);
}

export async function pull(db: Db, user: SessionUser, cursor: number, limit: number): Promise<PullResponse> {
	const upTo = await currentRevision(db); // read first: see the comment above
	const rows = Object.fromEntries(SYNC_TABLES.map((t) => [t, [] as SyncRow[]])) as PullResponse['rows'];
	const scope = scopeOf(user);
	const account = { accountId: user.accountId, role: user.role, emsNumber: user.emsNumber, leaderOf: [...user.leaderOf] };
	if (cursor >= upTo) return { cursor: upTo, more: false, scope, account, rows };

	const all = sources(db, user);
	const batches = await Promise.all(all.map((source) => source(cursor, upTo, limit + 1)));
	let changes = batches.flat().sort((a, b) => a.eff - b.eff);
	let next = upTo;
	let more = false;
	if (changes.length > limit) {
		// Cut the page after `limit` rows, but never between rows of the same revision: fetch that whole revision.
		const cut = changes[limit - 1]!.eff;
		const before = changes.filter((c) => c.eff < cut);
		const tied = (await Promise.all(all.map((source) => source(cut - 1, cut, null)))).flat();
		changes = [...before, ...tied];
		next = cut;
		more = cut < upTo;
	}
	for (const c of changes) rows[c.table].push(c.row as SyncRow);
	return { cursor: next, more, scope, account, rows };
}

import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { PullResponse, SyncRow } from '../../domain/sync-protocol';
import { SYNC_TABLES, type SyncTable } from '../../domain/sync-tables';
import { FIELD_SCHEMAS } from '../../domain/sync-validation';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';

/**
 * Rows the caller may see that changed after their cursor, oldest first, in pages.
 *
 * Why the cursor is safe: revisions come from the counters row, updated inside each writing transaction; that
 * update holds the row's lock until commit (PostgreSQL; SQLite has one writer), so a revision is allocated
 * only after every lower one committed. The committed counter value C therefore promises that every change
 * with revision ≤ C is visible. A pull reads C in the same statement (one snapshot) as the rows and returns
 * only rows with revision ≤ C: a transaction still running has a revision above C and is picked up by the next
 * pull. (A PostgreSQL sequence would not
 * give this: sequence values are handed out without waiting for earlier transactions to commit.)
 *
 * A row that becomes visible without changing (a new member's person row, the agency of a new affiliation) is
 * sent when the affiliation that makes it visible changes: its effective revision is the larger of the two.
 * When the set of agencies the caller leads changes, `scope` changes and the device starts from cursor 0.
 */

type Row = Record<string, unknown>;
type SqlDialect = 'sqlite' | 'postgres';

/** Every column a device receives of each table (the record's fields, its revision and soft-delete time). */
const columnsOf = (table: SyncTable): string[] => [...Object.keys(FIELD_SCHEMAS[table]), 'revision', 'deletedAt'];

/** What a squad leader sees of a member: name and contact information, not date of birth. */
const MEMBER_PERSON_FIELDS = columnsOf('persons').filter((f) => f !== 'dateOfBirth');

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A JSON object of the row's columns, built by the database so one query can return rows of every table. */
function rowJson(dialect: SqlDialect, alias: string, fields: readonly string[]): RawBuilder<unknown> {
	const fn = dialect === 'postgres' ? 'json_build_object' : 'json_object';
	return sql.raw(`${fn}(${fields.map((f) => `'${f}', ${alias}.${snake(f)}`).join(', ')})`);
}

export function scopeOf(user: SessionUser): string {
	return `${user.role}:${user.emsNumber ?? ''}:${[...user.leaderOf].sort().join(',')}`;
}

/**
 * One UNION ALL over everything the caller may see with an effective revision in (after, upTo], oldest first.
 * One round trip per page instead of one per table: this is what keeps PostgreSQL near its budget.
 */
function changesQuery(dialect: SqlDialect, user: SessionUser, after: number, upTo: RawBuilder<unknown>): RawBuilder<unknown>[] {
	const self = user.emsNumber;
	const leads = [...user.leaderOf];
	const inLeads = (column: string) => sql`${sql.raw(column)} in (${sql.join(leads.map((l) => sql`${l}`))})`;
	const parts: RawBuilder<unknown>[] = [];
	const range = (column: string) => sql`${sql.raw(column)} > ${after} and ${sql.raw(column)} <= ${upTo}`;

	if (self !== null) {
		parts.push(sql`select 'persons' as t, p.revision as eff, ${rowJson(dialect, 'p', columnsOf('persons'))} as row from persons p where p.ems_number = ${self} and ${range('p.revision')}`);
		parts.push(sql`select 'credentials' as t, c.revision as eff, ${rowJson(dialect, 'c', columnsOf('credentials'))} as row from credentials c where c.ems_number = ${self} and ${range('c.revision')}`);
	}
	if (self !== null || leads.length) {
		const whose = self !== null && leads.length ? sql`(f.ems_number = ${self} or ${inLeads('f.agency_number')})` : self !== null ? sql`f.ems_number = ${self}` : inLeads('f.agency_number');
		parts.push(sql`select 'affiliations' as t, f.revision as eff, ${rowJson(dialect, 'f', columnsOf('affiliations'))} as row from affiliations f where ${whose} and ${range('f.revision')}`);
		// Agencies the caller belongs to or leads; a new own affiliation makes its agency visible.
		const eff = sql`(case when o.arev > a.revision then o.arev else a.revision end)`;
		const led = leads.length ? sql` or ${inLeads('a.number')}` : sql``;
		parts.push(sql`select 'agencies' as t, ${eff} as eff, ${rowJson(dialect, 'a', columnsOf('agencies'))} as row
			from agencies a left join (
				select agency_number, max(revision) as arev from affiliations
				where ems_number = ${self ?? ''} and deleted_at is null and revision <= ${upTo} group by agency_number
			) o on o.agency_number = a.number
			where (o.agency_number is not null${led}) and ${eff} > ${after} and a.revision <= ${upTo}`);
	}
	if (leads.length) {
		// Members of the agencies the caller leads; joining (or being re-affiliated) makes a person visible.
		const eff = sql`(case when m.arev > p.revision then m.arev else p.revision end)`;
		const notSelf = self !== null ? sql` and p.ems_number <> ${self}` : sql``;
		parts.push(sql`select 'persons' as t, ${eff} as eff, ${rowJson(dialect, 'p', MEMBER_PERSON_FIELDS)} as row
			from persons p join (
				select ems_number, max(revision) as arev from affiliations
				where ${inLeads('agency_number')} and deleted_at is null and revision <= ${upTo} group by ems_number
			) m on m.ems_number = p.ems_number
			where ${eff} > ${after} and p.revision <= ${upTo}${notSelf}`);
		parts.push(sql`select 'vehicles' as t, v.revision as eff, ${rowJson(dialect, 'v', columnsOf('vehicles'))} as row from vehicles v where ${inLeads('v.agency_number')} and ${range('v.revision')}`);
	}
	return parts;
}

/**
 * The committed revision and the changes up to it in one statement, so one round trip and one snapshot (the
 * counter is read by the same statement that reads the rows). `upTo` null: up to the current counter.
 */
async function changes(db: Db, dialect: SqlDialect, user: SessionUser, after: number, upTo: number | null, limit: number | null) {
	const counter = sql`(select value from counters where name = 'revision')`;
	const parts = changesQuery(dialect, user, after, upTo === null ? counter : sql`${upTo}`);
	const limited = limit === null ? sql`` : sql` limit ${limit}`;
	const page = parts.length ? sql`select t, eff, row from (${sql.join(parts, sql` union all `)}) u order by eff${limited}` : sql`select null as t, null as eff, null as row where 1 = 0`;
	const { rows } = await sql<{ upTo: number; t: SyncTable | null; eff: number | null; row: unknown }>`
		select c.value as up_to, x.t, x.eff, x.row from counters c left join (${page}) x on 1 = 1
		where c.name = 'revision' order by x.eff`.execute(db);
	return {
		upTo: Number(rows[0]?.upTo ?? 0),
		changes: rows
			.filter((r) => r.t !== null)
			.map((r) => ({ table: r.t!, eff: Number(r.eff), row: (typeof r.row === 'string' ? JSON.parse(r.row) : r.row) as Row }))
	};
}

export async function currentRevision(db: Db): Promise<number> {
	const row = await db.selectFrom('counters').select('value').where('name', '=', 'revision').executeTakeFirstOrThrow();
	return Number(row.value);
}

export async function pull(db: Db, user: SessionUser, cursor: number, limit: number): Promise<PullResponse> {
	const rows = Object.fromEntries(SYNC_TABLES.map((t) => [t, [] as SyncRow[]])) as PullResponse['rows'];
	const scope = scopeOf(user);
	const account = { accountId: user.accountId, role: user.role, emsNumber: user.emsNumber, leaderOf: [...user.leaderOf], email: user.email };
	const dialect: SqlDialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';

	// Bounded by the committed counter, read in the same statement: see the comment above.
	const first = await changes(db, dialect, user, cursor, null, limit + 1);
	let page = first.changes;
	let next = Math.max(first.upTo, cursor);
	let more = false;
	if (page.length > limit) {
		// Cut the page after `limit` rows, but never between rows of the same revision: fetch that whole revision.
		const cut = page[limit - 1]!.eff;
		page = [...page.filter((c) => c.eff < cut), ...(await changes(db, dialect, user, cut - 1, cut, null)).changes];
		next = cut;
		more = cut < first.upTo;
	}
	for (const c of page) rows[c.table].push(c.row as SyncRow);
	return { cursor: next, more, scope, account, rows };
}

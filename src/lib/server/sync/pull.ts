import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { PulledRequest, PullResponse, SyncRow } from '../../domain/sync-protocol';
import { PERSON_NAME_FIELDS, SYNC_TABLES, type SyncTable } from '../../domain/sync-tables';
import { FIELD_SCHEMAS } from '../../domain/sync-validation';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';
import { oldestDecisionSent, PULLED_REQUEST_COLUMNS, pulledRequest } from './pulled-requests';

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
 *
 * A squad leader sees a member's contact details only while the member is current in an agency the leader leads;
 * a former member's row comes with name only, and one with no membership left as deleted (decision 021). An end
 * date passing changes no row, so it has no revision: the device sends back the day of its last answer (`since`),
 * and the first page after it also carries every member whose last current membership ended in between. Those
 * rows are outside the revision order and the page limit; they change nothing about the cursor.
 */

type Row = Record<string, unknown>;
type SqlDialect = 'sqlite' | 'postgres';

/** Every column a device receives of each table (the record's fields, its revision and soft-delete time). */
const columnsOf = (table: SyncTable): string[] => [...Object.keys(FIELD_SCHEMAS[table]), 'revision', 'deletedAt'];

/** What a squad leader sees of a current member: name and contact information, not date of birth or their settings. */
const MEMBER_PERSON_FIELDS = columnsOf('persons').filter((f) => f !== 'dateOfBirth' && f !== 'renewalReminders');
/** What stays of a former member: who they were, for the agency's history. */
const FORMER_MEMBER_FIELDS: readonly string[] = PERSON_NAME_FIELDS;

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A JSON object of the row's columns, built by the database so one query can return rows of every table. */
function rowJson(dialect: SqlDialect, alias: string, fields: readonly string[]): RawBuilder<unknown> {
	return jsonObject(dialect, fields.map((f) => [f, `${alias}.${snake(f)}`]));
}

function jsonObject(dialect: SqlDialect, entries: [field: string, expression: string][]): RawBuilder<unknown> {
	const fn = dialect === 'postgres' ? 'json_build_object' : 'json_object';
	return sql.raw(`${fn}(${entries.map(([f, e]) => `'${f}', ${e}`).join(', ')})`);
}

/**
 * A member's person row as the leader may see it, from `p` (persons) and `m` (membershipsOf): contact details
 * while current in a led agency, name only while on a led agency's history, nothing but the key and a deletion
 * time once no membership is left.
 */
function memberRowJson(dialect: SqlDialect): RawBuilder<unknown> {
	return jsonObject(
		dialect,
		MEMBER_PERSON_FIELDS.map((f) => {
			const column = `p.${snake(f)}`;
			if (f === 'deletedAt') return [f, `(case when m.live > 0 then ${column} else coalesce(${column}, m.gone_at) end)`];
			if (f === 'emsNumber' || f === 'revision') return [f, column];
			const shown = FORMER_MEMBER_FIELDS.includes(f) ? 'm.live > 0' : 'm.current > 0';
			return [f, `(case when ${shown} then ${column} end)`];
		})
	);
}

/** A member's credential row, from `c` and `m` (membershipsOf): deleted on the device once no membership is left. */
function memberCredentialJson(dialect: SqlDialect): RawBuilder<unknown> {
	return jsonObject(
		dialect,
		columnsOf('credentials').map((f) => {
			const column = `c.${snake(f)}`;
			return [f, f === 'deletedAt' ? `(case when m.live > 0 then ${column} else coalesce(${column}, m.gone_at) end)` : column];
		})
	);
}

/**
 * Per person, their affiliations with the agencies the caller leads (deleted ones too: a deletion changes what the
 * leader may see): the latest revision, how many are live and how many current on `today`, and when their last
 * live one ended.
 */
function membershipsOf(leads: readonly string[], upTo: RawBuilder<unknown>, today: string): RawBuilder<unknown> {
	const inLeads = sql`agency_number in (${sql.join(leads.map((l) => sql`${l}`))})`;
	return sql`select ems_number, max(revision) as arev,
			sum(case when deleted_at is null then 1 else 0 end) as live,
			sum(case when deleted_at is null and (ended_on is null or ended_on >= ${today}) then 1 else 0 end) as current,
			max(case when deleted_at is null then ended_on end) as last_end,
			max(deleted_at) as gone_at
		from affiliations where ${inLeads} and revision <= ${upTo} group by ems_number`;
}

export function scopeOf(user: SessionUser): string {
	return `${user.role}:${user.emsNumber ?? ''}:${[...user.leaderOf].sort().join(',')}`;
}

/**
 * One UNION ALL over everything the caller may see with an effective revision in (after, upTo], oldest first, and
 * the caller's own requests to the office that changed in that range (pulled-requests.ts). One round trip per page
 * instead of one per table: this is what keeps PostgreSQL near its budget.
 */
function changesQuery(dialect: SqlDialect, user: SessionUser, after: number, upTo: RawBuilder<unknown>, today: string, oldestDecision: string): RawBuilder<unknown>[] {
	const self = user.emsNumber;
	const leads = [...user.leaderOf];
	const inLeads = (column: string) => sql`${sql.raw(column)} in (${sql.join(leads.map((l) => sql`${l}`))})`;
	const parts: RawBuilder<unknown>[] = [];
	const range = (column: string) => sql`${sql.raw(column)} > ${after} and ${sql.raw(column)} <= ${upTo}`;

	parts.push(sql`select 'requests' as t, q.revision as eff, ${rowJson(dialect, 'q', PULLED_REQUEST_COLUMNS)} as row from change_requests q
		where q.requested_by = ${user.accountId} and ${range('q.revision')} and q.deleted_at is null and (q.status = 'pending' or q.decided_at >= ${oldestDecision})`);

	if (self !== null) {
		parts.push(sql`select 'persons' as t, p.revision as eff, ${rowJson(dialect, 'p', columnsOf('persons'))} as row from persons p where p.ems_number = ${self} and ${range('p.revision')}`);
		parts.push(sql`select 'credentials' as t, c.revision as eff, ${rowJson(dialect, 'c', columnsOf('credentials'))} as row from credentials c where c.ems_number = ${self} and ${range('c.revision')}`);
		// Continuing education is the person's own: nobody else pulls it (a squad leader neither).
		parts.push(sql`select 'ceEntries' as t, e.revision as eff, ${rowJson(dialect, 'e', columnsOf('ceEntries'))} as row from ce_entries e where e.ems_number = ${self} and ${range('e.revision')}`);
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
		// Members of the agencies the caller leads; joining, leaving (or being re-affiliated) changes what is visible.
		const eff = sql`(case when m.arev > p.revision then m.arev else p.revision end)`;
		const notSelf = self !== null ? sql` and p.ems_number <> ${self}` : sql``;
		// From cursor 0 the device holds nobody, so nobody needs removing.
		const held = after === 0 ? sql` and m.live > 0` : sql``;
		parts.push(sql`select 'persons' as t, ${eff} as eff, ${memberRowJson(dialect)} as row
			from persons p join (${membershipsOf(leads, upTo, today)}) m on m.ems_number = p.ems_number
			where ${eff} > ${after} and p.revision <= ${upTo}${notSelf}${held}`);
		// Their credentials too, for the roster's level, number, expiration and status (issue 10): sent while any
		// membership is left (former members keep their level on the history), deleted with the last one.
		const ceff = sql`(case when m.arev > c.revision then m.arev else c.revision end)`;
		const notSelfC = self !== null ? sql` and c.ems_number <> ${self}` : sql``;
		parts.push(sql`select 'credentials' as t, ${ceff} as eff, ${memberCredentialJson(dialect)} as row
			from credentials c join (${membershipsOf(leads, upTo, today)}) m on m.ems_number = c.ems_number
			where ${ceff} > ${after} and c.revision <= ${upTo}${notSelfC}${held}`);
		parts.push(sql`select 'vehicles' as t, v.revision as eff, ${rowJson(dialect, 'v', columnsOf('vehicles'))} as row from vehicles v where ${inLeads('v.agency_number')} and ${range('v.revision')}`);
	}
	return parts;
}

/**
 * Members of the agencies the caller leads who were current on `since` (any time, when null) and are not on
 * `today`: their reduced rows, marked by a null `eff`. Their memberships ended by date, without a revision.
 */
function endedByDate(dialect: SqlDialect, user: SessionUser, since: string | null, today: string, upTo: RawBuilder<unknown>): RawBuilder<unknown> {
	const notSelf = user.emsNumber !== null ? sql` and p.ems_number <> ${user.emsNumber}` : sql``;
	const wasCurrent = since === null ? sql`` : sql` and m.last_end >= ${since}`;
	return sql`select 'persons' as t, null as eff, ${memberRowJson(dialect)} as row
		from persons p join (${membershipsOf([...user.leaderOf], upTo, today)}) m on m.ems_number = p.ems_number
		where m.live > 0 and m.current = 0${wasCurrent} and p.revision <= ${upTo}${notSelf}`;
}

interface ChangesRequest {
	after: number;
	/** null: up to the current counter. */
	upTo: number | null;
	limit: number | null;
	today: string;
	/** Requests decided before this are not sent (pulled-requests.ts). */
	oldestDecision: string;
	/** Also the members whose memberships ended by date since this day (`null`: ever), outside the limit. */
	endedSince?: { since: string | null };
}

/**
 * The committed revision and the changes up to it in one statement, so one round trip and one snapshot (the
 * counter is read by the same statement that reads the rows).
 */
async function changes(db: Db, dialect: SqlDialect, user: SessionUser, request: ChangesRequest) {
	const { after, limit, today, oldestDecision } = request;
	const counter = sql`(select value from counters where name = 'revision')`;
	const upTo = request.upTo === null ? counter : sql`${request.upTo}`;
	const parts = changesQuery(dialect, user, after, upTo, today, oldestDecision);
	const limited = limit === null ? sql`` : sql` limit ${limit}`;
	let page = sql`select t, eff, row from (${sql.join(parts, sql` union all `)}) u order by eff${limited}`;
	if (request.endedSince && user.leaderOf.length) {
		page = sql`select t, eff, row from (${page}) ordered union all ${endedByDate(dialect, user, request.endedSince.since, today, upTo)}`;
	}
	const { rows } = await sql<{ upTo: number; t: SyncTable | 'requests' | null; eff: number | null; row: unknown }>`
		select c.value as up_to, x.t, x.eff, x.row from counters c left join (${page}) x on 1 = 1
		where c.name = 'revision' order by x.eff`.execute(db);
	const parsed = rows
		.filter((r) => r.t !== null)
		.map((r) => ({ table: r.t!, eff: r.eff === null ? null : Number(r.eff), row: (typeof r.row === 'string' ? JSON.parse(r.row) : r.row) as Row }));
	return {
		upTo: Number(rows[0]?.upTo ?? 0),
		changes: parsed.filter((c): c is typeof c & { eff: number } => c.eff !== null),
		endedByDate: parsed.filter((c) => c.eff === null).map((c) => c.row)
	};
}

export async function currentRevision(db: Db): Promise<number> {
	const row = await db.selectFrom('counters').select('value').where('name', '=', 'revision').executeTakeFirstOrThrow();
	return Number(row.value);
}

export interface PullOptions {
	/** The `asOf` of the device's previous answer (null: it has none). */
	since?: string | null;
	now?: Date;
}

export async function pull(db: Db, user: SessionUser, cursor: number, limit: number, options: PullOptions = {}): Promise<PullResponse> {
	const rows = Object.fromEntries(SYNC_TABLES.map((t) => [t, [] as SyncRow[]])) as PullResponse['rows'];
	const scope = scopeOf(user);
	const account = { accountId: user.accountId, role: user.role, emsNumber: user.emsNumber, leaderOf: [...user.leaderOf], email: user.email };
	const dialect: SqlDialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
	// The same day as sessions.ts uses to decide who leads an agency.
	const now = options.now ?? new Date();
	const today = now.toISOString().slice(0, 10);
	const since = options.since ?? null;
	const oldestDecision = oldestDecisionSent(now);
	// From cursor 0 every row is sent as it is today; afterwards only a new day can have ended a membership.
	const endedSince = cursor > 0 && (since === null || since < today) ? { since } : undefined;

	// Bounded by the committed counter, read in the same statement: see the comment above.
	const first = await changes(db, dialect, user, { after: cursor, upTo: null, limit: limit + 1, today, oldestDecision, endedSince });
	let page = first.changes;
	let next = Math.max(first.upTo, cursor);
	let more = false;
	if (page.length > limit) {
		// Cut the page after `limit` rows, but never between rows of the same revision: fetch that whole revision.
		const cut = page[limit - 1]!.eff;
		page = [...page.filter((c) => c.eff < cut), ...(await changes(db, dialect, user, { after: cut - 1, upTo: cut, limit: null, today, oldestDecision })).changes];
		next = cut;
		more = cut < first.upTo;
	}
	for (const row of first.endedByDate) rows.persons.push(row as SyncRow);
	const requests: PulledRequest[] = [];
	for (const c of page) {
		if (c.table !== 'requests') rows[c.table].push(c.row as SyncRow);
		else {
			const request = pulledRequest(c.row as Parameters<typeof pulledRequest>[0]);
			if (request) requests.push(request);
		}
	}
	return { cursor: next, more, scope, account, rows, asOf: today, ...(requests.length ? { requests } : {}) };
}

import { sql, type SqlBool } from 'kysely';
import * as v from 'valibot';
import type { Db } from '../db';

/** The kinds the office filters by, each a set of audit events (issue 10's refusals and look-ups, issue 14's imports included). */
export const AUDIT_KINDS: Record<string, { label: string; events: string[] }> = {
	signin: { label: 'Sign-ins and failures', events: ['login_succeeded', 'login_failed', 'login_throttled', 'passkey_login', 'logout', 'reauthenticated', 'reauth_failed'] },
	codes: { label: 'Codes sent and used', events: ['code_sent', 'code_not_sent', 'code_delivery_failed', 'code_used', 'code_failed', 'code_voided'] },
	account: {
		label: 'Passwords, passkeys and email',
		events: ['password_changed', 'passkey_added', 'passkey_removed', 'email_change_requested', 'email_change_superseded', 'email_change_confirmed', 'email_change_expired', 'email_change_undone', 'notice_not_delivered']
	},
	decisions: { label: 'Approvals and returns', events: ['request_approved', 'request_returned'] },
	licensing: { label: 'Licensing actions', events: ['credential_issued', 'credential_renewed', 'credential_suspended', 'credential_revoked', 'credential_restored'] },
	refusals: { label: 'Refusals', events: ['office_refused', 'change_refused', 'access_refused'] },
	lookups: { label: 'Look-ups by squad leaders', events: ['person_lookup'] },
	exports: { label: 'Audit log exports', events: ['audit_exported'] },
	imports: { label: 'Imports', events: ['records_imported'] },
	agencies: { label: 'Agency changes by the office', events: ['agency_edited', 'agency_license_renewed', 'squad_leader_granted', 'squad_leader_removed'] }
};

const day = v.union([v.literal(''), v.pipe(v.string(), v.isoDate('Use a date like 2026-12-31.'))]);
const cursor = v.union([v.literal(''), v.pipe(v.string(), v.regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_[\w-]{1,64}$/))]);

/** The log's filters as they arrive in the query string; each is optional. */
export const auditFilterSchema = v.object({
	person: v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.regex(/^\d{4,8}$/, 'ND EMS # is 4 to 8 digits.'))]),
	agency: v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^A\d{3,6}$/, 'Agency number looks like A0001.'))]),
	kind: v.union([v.literal(''), v.picklist(Object.keys(AUDIT_KINDS), 'Choose a kind from the list.')]),
	from: day,
	to: day,
	before: cursor,
	after: cursor
});
export type AuditFilter = v.InferOutput<typeof auditFilterSchema>;

export interface AuditRow {
	id: string;
	at: string;
	event: string;
	accountEmail: string | null;
	emsNumber: string | null;
	agencyNumber: string | null;
	ip: string | null;
	detail: string | null;
}

export interface AuditPage {
	rows: AuditRow[];
	/** Cursor for the next older page, or null at the oldest. */
	older: string | null;
	/** Cursor for the next newer page, or null at the newest. */
	newer: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString();

/**
 * One page of the log, newest first, keyed by (at, id) rather than an offset, so page 1,000 costs what page 1
 * does. Each filter names an index (009): the page is the union of small index range scans, one per "source"
 * (a person's own events and those about them; each event of a kind), so a rare kind is not found by scanning
 * every event, and a common one stops after a page.
 */
export async function auditPage(db: Db, f: AuditFilter, limit = AUDIT_PAGE_SIZE): Promise<AuditPage> {
	const direction = f.after ? 'asc' : 'desc';
	const rows = await auditRows(db, f, limit + 1, direction);
	const more = rows.length > limit;
	const page = rows.slice(0, limit);
	if (direction === 'asc') page.reverse();
	const key = (r: AuditRow) => `${r.at}_${r.id}`;
	const first = page[0];
	const last = page.at(-1);
	return {
		rows: page,
		older: last && (direction === 'desc' ? more : true) ? key(last) : null,
		newer: first && (direction === 'asc' ? more : Boolean(f.before)) ? key(first) : null
	};
}

/** Rows in (at, id) order from the cursor on, at most `limit`; used by the page and the CSV export. */
export async function auditRows(db: Db, f: AuditFilter, limit: number, direction: 'asc' | 'desc' = 'desc'): Promise<AuditRow[]> {
	const accountId = f.person ? (await db.selectFrom('accounts').select('id').where('emsNumber', '=', f.person).executeTakeFirst())?.id : undefined;
	const events = f.kind ? AUDIT_KINDS[f.kind]!.events : null;

	type Source = { column: 'e.emsNumber' | 'e.accountId' | 'e.agencyNumber' | 'e.event'; value: string } | null;
	// The most selective filter decides the sources; the others narrow each source.
	const sources: Source[] = f.person
		? [{ column: 'e.emsNumber', value: f.person }, ...(accountId ? [{ column: 'e.accountId' as const, value: accountId }] : [])]
		: f.agency
			? [{ column: 'e.agencyNumber', value: f.agency }]
			: events
				? events.map((event) => ({ column: 'e.event' as const, value: event }))
				: [null];
	const cursorAt = f.after || f.before;
	const [cAt, cId] = cursorAt ? [cursorAt.slice(0, cursorAt.indexOf('_')), cursorAt.slice(cursorAt.indexOf('_') + 1)] : [null, null];
	const op = direction === 'desc' ? sql.raw('<') : sql.raw('>');

	const parts = sources.map((source) => {
		let q = db
			.selectFrom('auditEvents as e')
			.select(['e.id', 'e.at', 'e.event', 'e.accountId', 'e.emsNumber', 'e.agencyNumber', 'e.ip', 'e.detail']);
		if (source) q = q.where(source.column, '=', source.value);
		if (f.person && f.agency) q = q.where('e.agencyNumber', '=', f.agency);
		if (events && (f.person || f.agency)) q = q.where('e.event', 'in', events);
		if (f.from) q = q.where('e.at', '>=', `${f.from}T00:00:00.000Z`);
		if (f.to) q = q.where('e.at', '<', nextDay(f.to));
		if (cAt !== null) q = q.where(sql<SqlBool>`(e.at, e.id) ${op} (${cAt}, ${cId})`);
		return q.orderBy('e.at', direction).orderBy('e.id', direction).limit(limit);
	});
	let merged;
	if (parts.length === 1) merged = await parts[0]!.execute();
	else {
		// Each source is already in order and limited; the union keeps the first `limit` of all of them.
		const all = (await Promise.all(parts.map((p) => p.execute()))).flat();
		const seen = new Set<string>();
		merged = all
			.filter((r) => !seen.has(r.id) && seen.add(r.id))
			.sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)) * (direction === 'desc' ? -1 : 1))
			.slice(0, limit);
	}
	const ids = [...new Set(merged.map((r) => r.accountId).filter((a): a is string => a !== null))];
	const emails = ids.length ? await db.selectFrom('accounts').select(['id', 'email']).where('id', 'in', ids).execute() : [];
	const emailOf = new Map(emails.map((a) => [a.id, a.email]));
	return merged.map((r) => ({
		id: r.id,
		at: r.at,
		event: r.event,
		accountEmail: r.accountId ? (emailOf.get(r.accountId) ?? r.accountId) : null,
		emsNumber: r.emsNumber,
		agencyNumber: r.agencyNumber,
		ip: r.ip,
		detail: r.detail
	}));
}

const csvCell = (s: string | null) => {
	const text = s ?? '';
	// A leading =, +, - or @ would run as a formula in a spreadsheet.
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const CSV_HEADER = 'time,event,account,ems_number,agency_number,address,detail\n';
export const csvLine = (r: AuditRow) => [r.at, r.event, r.accountEmail, r.emsNumber, r.agencyNumber, r.ip, r.detail].map(csvCell).join(',') + '\n';

/** Most rows one export holds; a wider export is narrowed by date range. */
export const CSV_MAX_ROWS = 200_000;

/** The filtered log as CSV, newest first, read in keyset batches so memory stays flat. */
export function auditCsv(db: Db, f: AuditFilter): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let cursorKey = '';
	let sent = 0;
	let started = false;
	return new ReadableStream({
		async pull(controller) {
			if (!started) {
				started = true;
				controller.enqueue(encoder.encode(CSV_HEADER));
				return;
			}
			const batch = await auditRows(db, { ...f, after: '', before: cursorKey }, Math.min(2000, CSV_MAX_ROWS - sent));
			if (!batch.length) return controller.close();
			controller.enqueue(encoder.encode(batch.map(csvLine).join('')));
			sent += batch.length;
			const last = batch.at(-1)!;
			cursorKey = `${last.at}_${last.id}`;
			if (sent >= CSV_MAX_ROWS) controller.close();
		}
	});
}

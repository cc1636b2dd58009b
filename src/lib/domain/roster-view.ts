import { AFFILIATION_ROLE_NAMES, isCurrent, type AffiliationRole } from './affiliation-roles';
import { displayStatus, type CredentialStatus, type DisplayStatus } from './credential-status';
import { currentCredential, STATUS_LABELS, type CredentialRecord } from './dashboard';
import { fullName } from './format';

/**
 * The personnel roster as the agency page shows it, from what the device holds: current members, former members
 * (name, level and dates only) and additions waiting for the office. Pure and cheap, so search, filters and sort run
 * on every keystroke over 2,000 members well inside the 50 ms budget (scripts/bench/measurements/agency-roster.mjs).
 */

export interface RosterMembership {
	id: string;
	emsNumber: string;
	agencyNumber: string;
	role: string;
	startedOn: string;
	endedOn: string | null;
	revision: number;
}
export interface RosterPerson {
	emsNumber: string;
	firstName: string | null;
	middleName: string | null;
	lastName: string | null;
	suffix: string | null;
}
export interface RosterCredential extends CredentialRecord {
	emsNumber: string;
}
/** A request the device keeps (Dexie `requests`); issue 13 adds the office's decision. */
export interface RosterRequest {
	id: string;
	table: string;
	recordId: string;
	changes: Record<string, unknown>;
	at: string;
	status?: 'pending' | 'approved' | 'rejected';
	decisionNote?: string | null;
}
/** A queued addition (outbox insert of an affiliation) not sent yet. */
export interface QueuedAddition {
	recordId: string;
	changes: Record<string, unknown>;
	/** Set when the device already knew the office must approve it (AEMT, Paramedic). */
	needsOffice: boolean;
}

/** Expiration standing in words (never colour alone). */
export type RosterStatus = DisplayStatus | 'none';

export interface RosterRow {
	id: string;
	emsNumber: string;
	name: string;
	/** "Last, First" lower case, for sorting by name. */
	sortName: string;
	level: string | null;
	licenseNumber: string | null;
	expiresOn: string | null;
	status: RosterStatus;
	statusLabel: string;
	role: string;
	roleLabel: string;
	startedOn: string;
	endedOn: string | null;
	revision: number;
	/** Made on this device and not yet on the server. */
	unsent: boolean;
	/** What search looks in: name and ND EMS #, lower case. */
	haystack: string;
}

export interface WaitingAddition {
	id: string;
	emsNumber: string;
	name: string | null;
	/** 'queued': not sent yet; 'pending': the office has it; 'rejected': the office returned it. */
	state: 'queued' | 'pending' | 'rejected';
	text: string;
	at: string | null;
}

export interface Roster {
	current: RosterRow[];
	former: RosterRow[];
	waiting: WaitingAddition[];
}

const STATUS_ORDER: Record<RosterStatus, number> = { expired: 0, expiring: 1, suspended: 2, revoked: 3, inactive: 4, pending: 5, active: 6, none: 7 };

export const ROSTER_STATUS_LABELS: Record<RosterStatus, string> = { ...STATUS_LABELS, expiring: 'Expiring within 90 days', none: 'No license on file' };

export function buildRoster(input: {
	agencyNumber: string;
	memberships: readonly RosterMembership[];
	persons: ReadonlyMap<string, RosterPerson>;
	credentials: ReadonlyMap<string, readonly RosterCredential[]>;
	requests: readonly RosterRequest[];
	queued: readonly QueuedAddition[];
	today: string;
}): Roster {
	const { today } = input;
	const waitingIds = new Set<string>();
	const waiting: WaitingAddition[] = [];
	const nameOf = (ems: string) => {
		const p = input.persons.get(ems);
		return p && p.lastName ? fullName({ firstName: p.firstName ?? '', middleName: p.middleName, lastName: p.lastName, suffix: p.suffix }) : null;
	};
	for (const r of input.requests) {
		if (r.table !== 'affiliations' || r.changes.agencyNumber !== input.agencyNumber) continue;
		if (r.status === 'approved') continue; // the membership arrives with the pull
		waitingIds.add(r.recordId);
		const ems = String(r.changes.emsNumber ?? '');
		const rejected = r.status === 'rejected';
		waiting.push({
			id: r.recordId,
			emsNumber: ems,
			name: nameOf(ems),
			state: rejected ? 'rejected' : 'pending',
			text: rejected ? `Returned by the state EMS office${r.decisionNote ? `: ${r.decisionNote}` : '.'}` : 'Waiting for the state EMS office',
			at: r.at
		});
	}
	for (const q of input.queued) {
		if (!q.needsOffice || q.changes.agencyNumber !== input.agencyNumber) continue;
		waitingIds.add(q.recordId);
		const ems = String(q.changes.emsNumber ?? '');
		waiting.push({ id: q.recordId, emsNumber: ems, name: nameOf(ems), state: 'queued', text: 'Waiting to be sent, then for the state EMS office', at: null });
	}

	const current: RosterRow[] = [];
	const former: RosterRow[] = [];
	for (const m of input.memberships) {
		if (m.agencyNumber !== input.agencyNumber) continue;
		// A membership the server turned into a request for the office is not on the roster until approved.
		if (waitingIds.has(m.id) && m.revision === 0) continue;
		const row = rosterRow(m, input.persons.get(m.emsNumber), input.credentials.get(m.emsNumber) ?? [], today);
		// A membership ending today is still current in the registry until the day is over, but the leader who ended
		// it sees the person leave the current list at once; one ending later stays, with its end date shown.
		(isCurrent(m, today) && m.endedOn !== today ? current : former).push(row);
	}
	return { current: sortRoster(current, 'name', 'asc'), former: sortRoster(former, 'endedOn', 'desc'), waiting };
}

function rosterRow(m: RosterMembership, person: RosterPerson | undefined, credentials: readonly RosterCredential[], today: string): RosterRow {
	const lead = currentCredential(credentials);
	const status: RosterStatus = lead ? displayStatus({ status: lead.status as CredentialStatus, expiresOn: lead.expiresOn }, today) : 'none';
	const name = person?.lastName ? fullName({ firstName: person.firstName ?? '', middleName: person.middleName, lastName: person.lastName, suffix: person.suffix }) : `ND EMS # ${m.emsNumber}`;
	const sortName = person?.lastName ? `${person.lastName}, ${person.firstName ?? ''}`.toLowerCase() : `~${m.emsNumber}`;
	return {
		id: m.id,
		emsNumber: m.emsNumber,
		name,
		sortName,
		level: lead?.level ?? null,
		licenseNumber: lead?.number ?? null,
		expiresOn: lead?.expiresOn ?? null,
		status,
		statusLabel: ROSTER_STATUS_LABELS[status],
		role: m.role,
		roleLabel: AFFILIATION_ROLE_NAMES[m.role as AffiliationRole] ?? m.role,
		startedOn: m.startedOn,
		endedOn: m.endedOn,
		revision: m.revision,
		unsent: m.revision === 0,
		haystack: `${name} ${m.emsNumber}`.toLowerCase()
	};
}

export const SORT_KEYS = ['name', 'emsNumber', 'level', 'licenseNumber', 'expiresOn', 'status', 'role', 'startedOn', 'endedOn'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_LABELS: Record<SortKey, string> = {
	name: 'Name',
	emsNumber: 'ND EMS #',
	level: 'Level',
	licenseNumber: 'License number',
	expiresOn: 'Expiration',
	status: 'Status',
	role: 'Role',
	startedOn: 'Start date',
	endedOn: 'End date'
};

const LEVEL_ORDER: Record<string, number> = { EMR: 0, EMT: 1, AEMT: 2, Paramedic: 3 };

function compareBy(key: SortKey): (a: RosterRow, b: RosterRow) => number {
	const text = (x: string | null) => x ?? '\uffff';
	switch (key) {
		case 'name':
			return (a, b) => (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0);
		case 'level':
			return (a, b) => (LEVEL_ORDER[a.level ?? ''] ?? 9) - (LEVEL_ORDER[b.level ?? ''] ?? 9);
		case 'status':
			return (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
		default:
			return (a, b) => {
				const x = text(a[key]);
				const y = text(b[key]);
				return x < y ? -1 : x > y ? 1 : 0;
			};
	}
}

/** Sorted copy; ties keep name order, so a sort by level lists each level alphabetically. */
export function sortRoster(rows: readonly RosterRow[], key: SortKey, direction: 'asc' | 'desc'): RosterRow[] {
	const primary = compareBy(key);
	const byName = compareBy('name');
	const sign = direction === 'asc' ? 1 : -1;
	return [...rows].sort((a, b) => sign * primary(a, b) || byName(a, b));
}

export interface RosterFilter {
	query: string;
	/** '' for every level. */
	level: string;
	/** '' for every status; 'attention' for expired or expiring within 90 days. */
	status: string;
}

export function filterRoster(rows: readonly RosterRow[], filter: RosterFilter): RosterRow[] {
	const q = filter.query.trim().toLowerCase();
	return rows.filter(
		(r) =>
			(q === '' || r.haystack.includes(q)) &&
			(filter.level === '' || r.level === filter.level) &&
			(filter.status === '' || (filter.status === 'attention' ? r.status === 'expired' || r.status === 'expiring' : r.status === filter.status))
	);
}

/** The columns of the CSV export, in order, with what each cell holds. */
export const CSV_COLUMNS: readonly [string, (r: RosterRow) => string][] = [
	['Name', (r) => r.name],
	['ND EMS #', (r) => r.emsNumber],
	['Level', (r) => r.level ?? ''],
	['License number', (r) => r.licenseNumber ?? ''],
	['Expiration', (r) => r.expiresOn ?? ''],
	['Status', (r) => r.statusLabel],
	['Role', (r) => r.roleLabel],
	['Start date', (r) => r.startedOn],
	['End date', (r) => r.endedOn ?? '']
];

export function rosterCsvRecords(rows: readonly RosterRow[]): string[][] {
	return [CSV_COLUMNS.map(([h]) => h), ...rows.map((r) => CSV_COLUMNS.map(([, cell]) => cell(r)))];
}

import { daysUntil, displayStatus, type CredentialStatus, type DisplayStatus } from './credential-status';
import { credentialKind, LEVEL_NAMES, LEVELS, requiresNremt, type Level } from './levels';
import { AFFILIATION_ROLE_NAMES, isCurrent, type AffiliationRole } from './affiliation-roles';
import { fieldLabel, type SyncTable } from './sync-tables';

/**
 * What the Licensee Dashboard shows, computed from the records the device holds. Pure, so the wording
 * (license or certificate, days remaining, which credential counts) is unit tested without a browser.
 */

export interface CredentialRecord {
	level: string;
	number: string;
	status: string;
	issuedOn: string;
	expiresOn: string;
	nremtNumber: string | null;
	nremtExpiresOn: string | null;
}

export interface CredentialView {
	level: Level;
	levelName: string;
	/** "License" for EMT and up, "Certificate" for EMR (a state certification in North Dakota). */
	documentWord: 'License' | 'Certificate';
	numberLabel: 'License number' | 'Certificate number';
	number: string;
	status: DisplayStatus;
	statusLabel: string;
	/** Whole days until expiration; negative once expired; null while pending (not yet in force). */
	daysRemaining: number | null;
	remainingText: string | null;
	issuedOn: string;
	expiresOn: string;
	/** National Registry certification, shown for EMT and up. */
	nremt: { number: string | null; expiresOn: string | null; daysRemaining: number | null } | null;
}

export const STATUS_LABELS: Record<DisplayStatus, string> = {
	active: 'Active',
	expiring: 'Expiring soon',
	expired: 'Expired',
	pending: 'Pending',
	suspended: 'Suspended',
	revoked: 'Revoked',
	inactive: 'Inactive'
};

export function remainingText(days: number): string {
	if (days > 1) return `${days} days remaining`;
	if (days === 1) return '1 day remaining';
	if (days === 0) return 'Expires today';
	return days === -1 ? 'Expired yesterday' : `Expired ${-days} days ago`;
}

const isLevel = (s: string): s is Level => (LEVELS as readonly string[]).includes(s);

export function credentialView(c: CredentialRecord, today: string): CredentialView | null {
	if (!isLevel(c.level)) return null;
	const status = displayStatus({ status: c.status as CredentialStatus, expiresOn: c.expiresOn }, today);
	const license = credentialKind(c.level) === 'license';
	const days = status === 'pending' ? null : daysUntil(c.expiresOn, today);
	return {
		level: c.level,
		levelName: LEVEL_NAMES[c.level],
		documentWord: license ? 'License' : 'Certificate',
		numberLabel: license ? 'License number' : 'Certificate number',
		number: c.number,
		status,
		statusLabel: STATUS_LABELS[status],
		daysRemaining: days,
		// Days left mean nothing on a suspended or revoked credential.
		remainingText: days === null || ['suspended', 'revoked', 'inactive'].includes(status) ? null : remainingText(days),
		issuedOn: c.issuedOn,
		expiresOn: c.expiresOn,
		nremt: requiresNremt(c.level)
			? {
					number: c.nremtNumber,
					expiresOn: c.nremtExpiresOn,
					daysRemaining: c.nremtExpiresOn ? daysUntil(c.nremtExpiresOn, today) : null
				}
			: null
	};
}

const STANDING: Record<string, number> = { active: 0, pending: 1, expired: 2, inactive: 3, suspended: 4, revoked: 5 };

/**
 * The credential the dashboard leads with: one in force (or waiting to be) before a lapsed one, then the
 * highest level, then the latest expiration. A person who moved up from EMT to Paramedic sees the Paramedic
 * license, not the old EMT one.
 */
export function currentCredential<C extends CredentialRecord>(credentials: readonly C[]): C | null {
	const rank = (c: C) => STANDING[c.status] ?? 9;
	const level = (c: C) => (LEVELS as readonly string[]).indexOf(c.level);
	return (
		[...credentials].sort(
			(a, b) => rank(a) - rank(b) || level(b) - level(a) || b.expiresOn.localeCompare(a.expiresOn)
		)[0] ?? null
	);
}

export interface AgencyMembership {
	agencyNumber: string;
	agencyName: string;
	role: string;
	roleLabel: string;
	/** Squad leaders get a link to their agency page. */
	leads: boolean;
}

export function agencyMemberships(
	affiliations: readonly { agencyNumber: string; role: string; endedOn: string | null }[],
	agencies: readonly { number: string; name: string }[],
	today: string
): AgencyMembership[] {
	const names = new Map(agencies.map((a) => [a.number, a.name]));
	return affiliations
		.filter((a) => isCurrent(a, today))
		.map((a) => ({
			agencyNumber: a.agencyNumber,
			agencyName: names.get(a.agencyNumber) ?? `Agency ${a.agencyNumber}`,
			role: a.role,
			roleLabel: AFFILIATION_ROLE_NAMES[a.role as AffiliationRole] ?? a.role,
			leads: a.role === 'squad_leader'
		}))
		.sort((a, b) => Number(b.leads) - Number(a.leads) || a.agencyName.localeCompare(b.agencyName));
}

/** A change as the activity list tells it. */
export type ActivityState = 'waiting' | 'applied' | 'conflict' | 'requested' | 'refused';

export interface ActivityRecord {
	seq: number;
	table: SyncTable;
	kind: 'change' | 'request' | 'decision';
	decision?: 'approved' | 'rejected';
	requestKind?: string;
	fields: string[];
	at: string;
	state: ActivityState;
	settledAt: string | null;
	note?: string;
}

export interface ActivityItem {
	seq: number;
	what: string;
	at: string;
	/** Whether it reached the state registry, in words. */
	where: string;
	reached: boolean;
	note: string | null;
}

const list = (words: string[]) =>
	words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

const WHERE: Record<ActivityState, string> = {
	waiting: 'Kept on this device — not yet sent to the state',
	applied: 'Reached the state registry',
	conflict: 'Reached the state registry, but a field had been changed elsewhere first',
	requested: 'Sent to the state EMS office for approval',
	refused: 'Not accepted by the state registry'
};

const REQUEST_NOUNS: Record<string, string> = { renewal: 'Renewal', name: 'Name change', member_addition: 'Member addition' };

function decisionWhat(r: ActivityRecord): string {
	const noun = REQUEST_NOUNS[r.requestKind ?? ''] ?? 'Request';
	return r.decision === 'approved' ? `${noun} approved` : `${noun} returned by the state EMS office`;
}

export function activityItems(records: readonly ActivityRecord[], limit = 20): ActivityItem[] {
	return [...records]
		// Newest first: the office's decisions (keyed below zero) sit by their time among the person's changes.
		.sort((a, b) => b.at.localeCompare(a.at) || b.seq - a.seq)
		.slice(0, limit)
		.map((r) => {
			const labels = r.fields.filter((f) => f !== 'id').map((f) => fieldLabel(r.table, f));
			const what =
				r.kind === 'decision'
					? decisionWhat(r)
					: r.kind === 'request'
						? r.table === 'credentials'
							? 'Submitted a renewal application'
							: 'Asked to change your name'
						: `Changed ${list(labels) || 'your record'}`;
			return {
				seq: r.seq,
				what,
				at: r.at,
				where: r.kind === 'decision' ? 'Decided by the state EMS office' : WHERE[r.state],
				reached: r.state !== 'waiting' && r.state !== 'refused',
				note: r.note ?? null
			};
		});
}

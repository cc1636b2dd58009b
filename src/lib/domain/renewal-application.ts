import { renewedExpiration } from './license-cycle';
import type { Level } from './levels';

/**
 * A renewal application as the person fills it in (kept on the device as a draft) and what it lacks before
 * "Submit renewal" may send it. Pure: the renewal page and the server ask the same questions.
 *
 * - EMR (North Dakota state certification): the CE log complete under the state's model, both attestations and
 *   the agency the person serves with.
 * - EMT, AEMT, Paramedic (state license on current NREMT certification): the new NREMT expiration and a photo or
 *   PDF of the NREMT card, both attestations and the agency.
 */
export interface RenewalDraft {
	credentialId: string;
	nremtExpiresOn: string;
	/** "I have no criminal conviction or pending charge I have not reported to the office." */
	criminalHistory: boolean;
	/** "No license or certification of mine is limited, suspended or revoked anywhere." */
	practiceLimitations: boolean;
	agencyNumber: string;
	/** Whether a photo or PDF of the NREMT card is attached (the file itself is kept beside the draft). */
	hasCard: boolean;
	updatedAt: string;
}

export interface CredentialBeingRenewed {
	id: string;
	level: string;
	expiresOn: string;
	nremtExpiresOn: string | null;
}

export type RenewalField = 'nremtExpiresOn' | 'card' | 'criminalHistory' | 'practiceLimitations' | 'agencyNumber' | 'ce';

export const ATTESTATION_TEXT = {
	criminalHistory: 'I have no criminal conviction or pending charge that I have not reported to the state EMS office.',
	practiceLimitations: 'None of my EMS licenses or certifications is limited, suspended or revoked in any state.'
} as const;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const addYears = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;

/** The sentence for a new NREMT expiration that cannot be right, or null. */
export function nremtExpirationProblem(value: string, current: string | null, today: string): string | null {
	if (!ISO_DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
		return 'Enter the new NREMT expiration from your card, for example 2029-03-31.';
	if (current && value <= current) return `The new NREMT expiration must be after the one on file (${current}).`;
	if (value > addYears(today, 3)) return 'The new NREMT expiration cannot be more than 3 years from today; check the date on your card.';
	return null;
}

/**
 * What is missing, by field, as sentences for the person (empty when the application is complete).
 * `ceComplete` is the CE log's verdict for an EMR (recert-progress.ts); ignored for the other levels.
 */
export function renewalProblems(
	draft: Omit<RenewalDraft, 'updatedAt'>,
	credential: CredentialBeingRenewed,
	context: { today: string; ceComplete: boolean; ceMissing?: string[] }
): Partial<Record<RenewalField, string>> {
	const problems: Partial<Record<RenewalField, string>> = {};
	if (credential.level === 'EMR') {
		if (!context.ceComplete)
			problems.ce = `Your continuing education is not complete yet${context.ceMissing?.length ? `: ${context.ceMissing.join(' ')}` : '.'}`;
	} else {
		const p = nremtExpirationProblem(draft.nremtExpiresOn.trim(), credential.nremtExpiresOn, context.today);
		if (p) problems.nremtExpiresOn = p;
		if (!draft.hasCard) problems.card = 'Add a photo or PDF of your NREMT card or certificate.';
	}
	if (!draft.criminalHistory) problems.criminalHistory = 'Confirm the criminal history statement, or call the office if you cannot.';
	if (!draft.practiceLimitations) problems.practiceLimitations = 'Confirm the practice limitations statement, or call the office if you cannot.';
	if (!/^[A-Za-z0-9-]{1,20}$/.test(draft.agencyNumber.trim())) problems.agencyNumber = 'Choose the agency you serve with.';
	return problems;
}

/**
 * The expiration the renewed credential gets: EMT and up follow the new NREMT expiration; a North Dakota EMR's
 * certification moves to June 30 two years on.
 */
export function renewedExpiresOn(credential: CredentialBeingRenewed, nremtExpiresOn: string | null, today: string): string {
	if (credential.level !== 'EMR' && nremtExpiresOn) return nremtExpiresOn;
	return renewedExpiration(credential.level as Level, credential.expiresOn, today);
}

/** What the device sends (through the outbox) for a complete application: one request on the credential. */
export function renewalMutation(draft: Omit<RenewalDraft, 'updatedAt'>, credential: CredentialBeingRenewed, today: string) {
	const changes: Record<string, string> =
		credential.level === 'EMR' ? { expiresOn: renewedExpiresOn(credential, null, today) } : { nremtExpiresOn: draft.nremtExpiresOn.trim() };
	const statement: RenewalStatement = {
		renewal: 1,
		criminalHistory: draft.criminalHistory,
		practiceLimitations: draft.practiceLimitations,
		agencyNumber: draft.agencyNumber.trim()
	};
	return { changes, reason: JSON.stringify(statement) };
}

/** The attestations and agency travel in the mutation's `reason` (a request's free text), as this JSON. */
export interface RenewalStatement {
	renewal: 1;
	criminalHistory: boolean;
	practiceLimitations: boolean;
	agencyNumber: string;
}

export function parseRenewalStatement(reason: string | undefined | null): RenewalStatement | null {
	if (!reason) return null;
	try {
		const v: unknown = JSON.parse(reason);
		if (!v || typeof v !== 'object') return null;
		const s = v as Record<string, unknown>;
		if (s.renewal !== 1 || typeof s.criminalHistory !== 'boolean' || typeof s.practiceLimitations !== 'boolean' || typeof s.agencyNumber !== 'string')
			return null;
		return { renewal: 1, criminalHistory: s.criminalHistory, practiceLimitations: s.practiceLimitations, agencyNumber: s.agencyNumber };
	} catch {
		return null;
	}
}

export type RenewalStage = 'none' | 'draft' | 'waiting-to-send' | 'submitted' | 'approved' | 'returned';

export interface RenewalStatusInput {
	draft: { updatedAt: string } | null;
	/** Queued on the device, not yet answered by the server. */
	queuedAt: string | null;
	/** The newest request of kind 'renewal' for this credential, as the device holds it. */
	request: { status?: 'pending' | 'approved' | 'rejected'; at: string; decidedAt?: string | null; decisionNote?: string | null; changes: Record<string, unknown> } | null;
}

export interface RenewalStatus {
	stage: RenewalStage;
	sentence: string;
	note?: string;
}

/** The status line of the dashboard and the renewal page. */
export function renewalStatus(input: RenewalStatusInput, formatDay: (d: string) => string): RenewalStatus {
	const day = (t: string) => formatDay(t.slice(0, 10));
	if (input.queuedAt) return { stage: 'waiting-to-send', sentence: `Renewal submitted on this device ${day(input.queuedAt)}; it is sent when you are online.` };
	const r = input.request;
	if (r && (r.status ?? 'pending') === 'pending') return { stage: 'submitted', sentence: `Renewal submitted ${day(r.at)} — in review at the state EMS office.` };
	if (r && r.status === 'approved') {
		const to = typeof r.changes.newExpiresOn === 'string' ? r.changes.newExpiresOn : null;
		return { stage: 'approved', sentence: `Renewal approved${r.decidedAt ? ` ${day(r.decidedAt)}` : ''}${to ? `: now expires ${formatDay(to)}` : ''}.` };
	}
	if (r && r.status === 'rejected' && (!input.draft || input.draft.updatedAt <= (r.decidedAt ?? r.at)))
		return { stage: 'returned', sentence: 'Renewal returned by the state EMS office. Correct it and submit again.', note: r.decisionNote ?? undefined };
	if (input.draft) return { stage: 'draft', sentence: `Renewal draft saved ${day(input.draft.updatedAt)} — not submitted yet.`, ...(r?.status === 'rejected' && r.decisionNote ? { note: r.decisionNote } : {}) };
	return { stage: 'none', sentence: '' };
}

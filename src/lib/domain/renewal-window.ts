import { longDate as formatDay } from './format';

/**
 * When a credential may be renewed (DESIGN.md §4), as data keyed by the rule that governs it. NREMT's windows are
 * six months before the expiration and a one-month late period after it (EMT and up: Oct 1 – Mar 31, late to
 * Apr 30; EMR: Apr 1 – Sep 30, late to Oct 31). North Dakota's EMR state certification ends June 30 of its second
 * year; the state publishes no window of its own, so it is held here as the same shape (Jan 1 – Jun 30, late to
 * Jul 31) and can be changed as data (decision 039). EMT, AEMT and Paramedic state licenses follow the person's
 * NREMT certification: their window is the NREMT one around the NREMT expiration.
 */
export interface WindowRule {
	/** The window opens this many months before the expiration month ends (the day after, six months back). */
	opensMonthsBefore: number;
	/** The late period runs this many months after the expiration. */
	lateMonthsAfter: number;
	/** Whose date the window is measured from. */
	follows: 'state certification' | 'NREMT certification';
}

export const RENEWAL_WINDOW_RULES = {
	'ND-EMR-state-certification': { opensMonthsBefore: 6, lateMonthsAfter: 1, follows: 'state certification' },
	'NREMT-EMT-and-up': { opensMonthsBefore: 6, lateMonthsAfter: 1, follows: 'NREMT certification' }
} as const satisfies Record<string, WindowRule>;

export type WindowRuleId = keyof typeof RENEWAL_WINDOW_RULES;

export const WINDOW_RULE_FOR_LEVEL: Record<string, WindowRuleId> = {
	EMR: 'ND-EMR-state-certification',
	EMT: 'NREMT-EMT-and-up',
	AEMT: 'NREMT-EMT-and-up',
	Paramedic: 'NREMT-EMT-and-up'
};

export interface CredentialForRenewal {
	level: string;
	status: string;
	expiresOn: string;
	nremtExpiresOn: string | null;
}

export type WindowState = 'not-open' | 'open' | 'late' | 'lapsed' | 'not-renewable';

export interface RenewalWindow {
	rule: WindowRuleId;
	/** The date the window is measured from (the state expiration for EMR, the NREMT expiration otherwise). */
	expiresOn: string;
	opensOn: string;
	/** Last day of the late period. */
	lateUntil: string;
	state: WindowState;
}

/** The last day of the month `months` after (negative: before) the month of `day`. */
function monthEndShifted(day: string, months: number): string {
	const y = Number(day.slice(0, 4));
	const m = Number(day.slice(5, 7)) - 1 + months;
	return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The renewal window of a credential on `today` (YYYY-MM-DD), or null for a level the registry does not know. */
export function renewalWindow(c: CredentialForRenewal, today: string): RenewalWindow | null {
	const rule = WINDOW_RULE_FOR_LEVEL[c.level];
	if (!rule) return null;
	const r: WindowRule = RENEWAL_WINDOW_RULES[rule];
	const expiresOn = r.follows === 'NREMT certification' ? (c.nremtExpiresOn ?? c.expiresOn) : c.expiresOn;
	const opensOn = dayAfter(monthEndShifted(expiresOn, -r.opensMonthsBefore));
	const lateUntil = monthEndShifted(expiresOn, r.lateMonthsAfter);
	let state: WindowState;
	if (c.status === 'suspended' || c.status === 'revoked' || c.status === 'inactive') state = 'not-renewable';
	else if (today < opensOn) state = 'not-open';
	else if (today <= expiresOn) state = 'open';
	else if (today <= lateUntil) state = 'late';
	else state = 'lapsed';
	return { rule, expiresOn, opensOn, lateUntil, state };
}

/** Whether "Renew" is offered: inside the window or its late period. */
export const mayRenew = (w: RenewalWindow | null): boolean => w !== null && (w.state === 'open' || w.state === 'late');

/** The dashboard's sentence about the window. */
export function windowSentence(w: RenewalWindow): string {
	switch (w.state) {
		case 'not-open':
			return `Renewal opens ${formatDay(w.opensOn)}.`;
		case 'open':
			return `Renewal is open until ${formatDay(w.expiresOn)}.`;
		case 'late':
			return `Your credential expired on ${formatDay(w.expiresOn)}; late renewal is open until ${formatDay(w.lateUntil)}.`;
		case 'lapsed':
			return `The renewal period ended ${formatDay(w.lateUntil)}. Contact the state EMS office to reinstate.`;
		case 'not-renewable':
			return 'This credential cannot be renewed online; contact the state EMS office.';
	}
}

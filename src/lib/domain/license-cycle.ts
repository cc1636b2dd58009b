import type { Level } from './levels';

/**
 * When a credential the office issues or renews expires (DESIGN.md §4): EMT, AEMT and Paramedic follow the NREMT's
 * two-year cycles ending March 31 (a first license runs to the first March 31 at least 21 months away); North
 * Dakota's EMR certification runs to June 30 of the second year.
 */
export const CYCLE_END: Record<Level, { month: number; day: number }> = {
	EMR: { month: 6, day: 30 },
	EMT: { month: 3, day: 31 },
	AEMT: { month: 3, day: 31 },
	Paramedic: { month: 3, day: 31 }
};

export const LICENSE_PREFIX: Record<Level, string> = { EMR: 'EMR', EMT: 'EMT', AEMT: 'AEMT', Paramedic: 'P' };

const pad = (n: number) => String(n).padStart(2, '0');
const endIn = (level: Level, year: number) => `${year}-${pad(CYCLE_END[level].month)}-${pad(CYCLE_END[level].day)}`;

/** The expiration of a credential first issued on `issuedOn` (YYYY-MM-DD). */
export function firstExpiration(level: Level, issuedOn: string): string {
	const year = Number(issuedOn.slice(0, 4));
	// North Dakota's EMR certification: June 30 of the second year, whatever the month of issue.
	if (level === 'EMR') return endIn(level, year + 2);
	// NREMT-based licenses: the first March 31 at least 21 months after issue.
	const month = Number(issuedOn.slice(5, 7)) + 21;
	const floor = `${year + Math.floor((month - 1) / 12)}-${pad(((month - 1) % 12) + 1)}-${issuedOn.slice(8, 10)}`;
	let end = endIn(level, Number(floor.slice(0, 4)));
	if (end < floor) end = endIn(level, Number(end.slice(0, 4)) + 1);
	return end;
}

/**
 * The expiration after renewing: the next cycle end two years after the current one; a credential that lapsed
 * more than a cycle ago starts its cycle from today's year instead.
 */
export function renewedExpiration(level: Level, currentExpiresOn: string, today: string): string {
	let year = Number(currentExpiresOn.slice(0, 4)) + 2;
	while (endIn(level, year) <= today) year += 2;
	return endIn(level, year);
}

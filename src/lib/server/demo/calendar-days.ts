/** Calendar-day arithmetic on YYYY-MM-DD strings, in UTC so no time zone or daylight saving can shift a day. */

const DAY_MS = 86_400_000;
const toMs = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(isoDay: string, days: number): string {
	return fromMs(toMs(isoDay) + days * DAY_MS);
}

/** Same month and day `years` later; Feb 29 becomes Feb 28 in a common year. */
export function addYears(isoDay: string, years: number): string {
	const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
	const date = new Date(Date.UTC(y + years, m - 1, d));
	if (date.getUTCDate() !== d) date.setUTCDate(0);
	return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
	return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

/** The first date falling on month-day `mmdd` on or after `today`. */
export function nextOnOrAfter(today: string, mmdd: string): string {
	const sameYear = `${today.slice(0, 4)}-${mmdd}`;
	return sameYear >= today ? sameYear : `${Number(today.slice(0, 4)) + 1}-${mmdd}`;
}

/** Last days of months that fall between `minDays` and `maxDays` after today. */
export function monthEndsWithin(today: string, minDays: number, maxDays: number): string[] {
	const out: string[] = [];
	const [y, m] = today.split('-').map(Number) as [number, number];
	for (let k = 0; k <= Math.ceil(maxDays / 28); k++) {
		const end = fromMs(Date.UTC(y, m + k, 0));
		const days = daysBetween(today, end);
		if (days >= minDays && days <= maxDays) out.push(end);
	}
	return out;
}

/**
 * North Dakota's EMS agency (ambulance service, quick response unit) licenses run to June 30 (the demo's and the
 * registry's dates) for a term of two years. Held as data so the office's rule can change without code.
 */
export const AGENCY_LICENSE_CYCLE = { month: 6, day: 30, years: 2 } as const;

const pad = (n: number) => String(n).padStart(2, '0');
const endIn = (year: number) => `${year}-${pad(AGENCY_LICENSE_CYCLE.month)}-${pad(AGENCY_LICENSE_CYCLE.day)}`;

/**
 * The expiration after renewing: one term after the current one. A license that lapsed more than a term ago comes
 * back on its cycle's current term (the first end of its cycle after today), as credential renewals do.
 */
export function renewedAgencyExpiration(currentExpiresOn: string, today: string): string {
	let year = Number(currentExpiresOn.slice(0, 4)) + AGENCY_LICENSE_CYCLE.years;
	while (endIn(year) <= today) year += AGENCY_LICENSE_CYCLE.years;
	return endIn(year);
}

/**
 * How names, phones and dates read on screen and paper. Pure and free of schema code: the dashboard and the printing
 * pages import these without loading valibot (person.ts, fields.ts and license-for-print.ts re-export them).
 */

export function fullName(p: { firstName: string; middleName: string | null; lastName: string; suffix: string | null }): string {
	return [p.firstName, p.middleName, p.lastName, p.suffix].filter(Boolean).join(' ');
}

/** Formats an E.164 US number for display: (701) 555-0123; anything else as it is. */
export function formatUsPhone(e164: string | null | undefined): string {
	if (!e164) return '';
	const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
	return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** 2027-03-31 → "March 31, 2027" — unambiguous on paper in every country. */
export function longDate(isoDay: string): string {
	const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
	const month = [
		'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'
	][m - 1];
	return `${month} ${d}, ${y}`;
}

/** 2027-03-31 → "03/31/2027", how US cards print dates. */
export function cardDate(isoDay: string): string {
	const [y, m, d] = isoDay.split('-');
	return `${m}/${d}/${y}`;
}

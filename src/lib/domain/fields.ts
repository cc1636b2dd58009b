import * as v from 'valibot';

/** Field rules shared by every record schema, each with the message a person sees beside the field. */

export const US_STATE_CODES = [
	'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY',
	'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH',
	'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'AS', 'GU', 'MP',
	'PR', 'VI', 'AA', 'AE', 'AP'
] as const;
export type UsStateCode = (typeof US_STATE_CODES)[number];

const stateSet: ReadonlySet<string> = new Set(US_STATE_CODES);

/** A required line of text: trimmed, not empty, at most `max` characters. */
export const requiredText = (label: string, max: number) =>
	v.pipe(
		v.string(`${label} is required.`),
		v.trim(),
		v.nonEmpty(`${label} is required.`),
		v.maxLength(max, `${label} must be at most ${max} characters.`)
	);

/** Optional text: empty input becomes null. */
export const optionalText = (label: string, max: number) =>
	v.pipe(
		v.nullish(v.string(), null),
		v.transform((s) => (s == null ? '' : s.trim())),
		v.maxLength(max, `${label} must be at most ${max} characters.`),
		v.transform((s) => (s === '' ? null : s))
	);

/** A person's name part: letters (any alphabet), spaces, apostrophes, hyphens and periods. */
export const namePart = (label: string, max = 50) =>
	v.pipe(
		requiredText(label, max),
		v.regex(/^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u, `${label} may contain letters, spaces, apostrophes, hyphens and periods.`)
	);

export const optionalNamePart = (label: string, max = 50) =>
	v.pipe(
		optionalText(label, max),
		v.check(
			(s) => s === null || /^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u.test(s),
			`${label} may contain letters, spaces, apostrophes, hyphens and periods.`
		)
	);

export const NAME_SUFFIXES = ['Jr.', 'Sr.', 'II', 'III', 'IV', 'V'] as const;

export const emsNumber = v.pipe(
	v.string('ND EMS # is required.'),
	v.trim(),
	v.nonEmpty('ND EMS # is required.'),
	v.regex(/^\d{4,8}$/, 'ND EMS # is a number of 4 to 8 digits, like 100002.')
);

export const email = v.pipe(
	v.string('Email address is required.'),
	v.trim(),
	v.nonEmpty('Email address is required.'),
	v.maxLength(254, 'Email address must be at most 254 characters.'),
	v.email('Enter an email address like name@example.org.'),
	v.toLowerCase()
);

/**
 * Turns a US phone number as people type it into E.164 (+1NXXNXXXXXX), or null when it is not one.
 * NANP: area code and exchange start with 2–9 and are never N11, which are service codes (411, 911).
 */
export function normalizeUsPhone(input: string): string | null {
	const trimmed = input.trim();
	let digits = trimmed.replace(/[\s().\-+]/g, '');
	if (!/^\d+$/.test(digits)) return null;
	const hasCountryCode = digits.length === 11 && digits.startsWith('1');
	// A leading + means a country code follows; +44 20 7946 0958 must not pass as a US number.
	if (trimmed.startsWith('+') && !hasCountryCode) return null;
	if (hasCountryCode) digits = digits.slice(1);
	if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return null;
	if (digits.slice(1, 3) === '11' || digits.slice(4, 6) === '11') return null;
	return `+1${digits}`;
}

/** Formats an E.164 US number for display: (701) 555-0123 (in format.ts, which pages import without valibot). */
export { formatUsPhone } from './format';

const phoneMessage = (label: string) => `${label}: enter a 10-digit US phone number, like 701-555-0123.`;

export const phone = (label: string) =>
	v.pipe(
		v.string(`${label} is required.`),
		v.trim(),
		v.nonEmpty(`${label} is required.`),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const e164 = normalizeUsPhone(dataset.value);
			if (e164 === null) {
				addIssue({ message: phoneMessage(label) });
				return NEVER;
			}
			return e164;
		})
	);

export const optionalPhone = (label: string) =>
	v.pipe(
		v.nullish(v.string(), null),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const raw = (dataset.value ?? '').trim();
			if (raw === '') return null;
			const e164 = normalizeUsPhone(raw);
			if (e164 === null) {
				addIssue({ message: phoneMessage(label) });
				return NEVER;
			}
			return e164;
		})
	);

export const stateCode = v.pipe(
	v.string('State is required.'),
	v.trim(),
	v.toUpperCase(),
	v.check((s) => stateSet.has(s), 'State: choose a US state or territory code, like ND.')
);

export const zip = v.pipe(
	v.string('ZIP code is required.'),
	v.trim(),
	v.regex(/^\d{5}(?:-?\d{4})?$/, 'ZIP code must be 5 digits, or 9 digits as 58501-1234.'),
	v.transform((s) => (s.length === 9 ? `${s.slice(0, 5)}-${s.slice(5)}` : s))
);

export const mailingAddressSchema = v.object({
	street: requiredText('Street address', 100),
	street2: optionalText('Address line 2', 100),
	city: v.pipe(requiredText('City', 60), v.regex(/^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u, 'City may contain letters, spaces, apostrophes, hyphens and periods.')),
	state: stateCode,
	zip
});
export type MailingAddress = v.InferOutput<typeof mailingAddressSchema>;

/** A calendar date as YYYY-MM-DD that exists (no 2026-02-30). */
export const isoDate = (label: string) =>
	v.pipe(
		v.string(`${label} is required.`),
		v.trim(),
		v.isoDate(`${label}: enter a date as YYYY-MM-DD.`),
		v.check(isRealDate, `${label}: that date does not exist.`)
	);

export const optionalIsoDate = (label: string) =>
	v.pipe(
		v.nullish(v.string(), null),
		v.transform((s) => (s == null || s.trim() === '' ? null : s.trim())),
		v.check((s) => s === null || (/^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s)), `${label}: enter a date as YYYY-MM-DD.`)
	);

export function isRealDate(s: string): boolean {
	const [y, m, d] = s.split('-').map(Number) as [number, number, number];
	const date = new Date(Date.UTC(2000, m - 1, d));
	// Date.UTC reads years 0–99 as 1900–1999; setting the year separately keeps them.
	date.setUTCFullYear(y, m - 1, d);
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Ids of synced records are UUIDs made on the device that creates the record. */
export const recordId = v.pipe(v.string(), v.uuid('Record id must be a UUID.'));

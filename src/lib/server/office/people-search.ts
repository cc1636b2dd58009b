import { sql } from 'kysely';
import type { Db } from '../db';

export interface PersonHit {
	emsNumber: string;
	name: string;
	email: string;
	city: string;
	credentials: { level: string; number: string; status: string; expiresOn: string }[];
}

export interface AgencyHit {
	number: string;
	name: string;
	type: string;
	city: string;
	licenseNumber: string;
	licenseExpiresOn: string;
}

export const SEARCH_LIMIT = 25;

/** The first string after every string with this prefix in the index's order (for lowercase text). */
const after = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A prefix test on the lowercased column that both databases answer from its expression index (009): a range
 * on the indexed expression finds the candidates, LIKE keeps exactly the prefix (collations may order
 * punctuation differently from code points).
 */
const prefixOf = (column: 'first_name' | 'last_name' | 'email' | 'name', prefix: string) =>
	sql<boolean>`(lower(${sql.ref(column)}) >= ${prefix} and lower(${sql.ref(column)}) < ${after(prefix)} and lower(${sql.ref(column)}) like ${likeEscape(prefix) + '%'} escape '\\')`;

/**
 * Finds people by ND EMS #, license number, email or name ("smith", "pat smi", "smith, pat"): each form of
 * query is one indexed lookup, so it answers in milliseconds over 50,000 people.
 */
export async function searchPeople(db: Db, query: string): Promise<PersonHit[]> {
	const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
	if (q.length < 2) return [];
	let base = db.selectFrom('persons').select(['emsNumber', 'firstName', 'middleName', 'lastName', 'suffix', 'email', 'city']).where('deletedAt', 'is', null);
	if (/^\d{4,8}$/.test(q)) base = base.where('emsNumber', '=', q);
	else if (/^[a-z]{1,4}-\d{3,8}$/.test(q)) {
		base = base.where('emsNumber', 'in', db.selectFrom('credentials').select('emsNumber').where('number', '=', q.toUpperCase()));
	} else if (q.includes('@')) base = base.where(prefixOf('email', q));
	else {
		const comma = q.split(',').map((s) => s.trim()).filter(Boolean);
		const words = comma.length === 2 ? [comma[1]!, comma[0]!] : q.split(' ');
		if (words.length >= 2) base = base.where(prefixOf('first_name', words[0]!)).where(prefixOf('last_name', words.at(-1)!));
		else {
			// One word: last names first (what the office usually types), then first names.
			const [byLast, byFirst] = await Promise.all([
				base.where(prefixOf('last_name', q)).orderBy(sql`lower(last_name)`).orderBy('firstName').limit(SEARCH_LIMIT).execute(),
				base.where(prefixOf('first_name', q)).orderBy(sql`lower(first_name)`).orderBy('lastName').limit(SEARCH_LIMIT).execute()
			]);
			const seen = new Set<string>();
			const rows = [...byLast, ...byFirst].filter((r) => !seen.has(r.emsNumber) && seen.add(r.emsNumber)).slice(0, SEARCH_LIMIT);
			return withCredentials(db, rows);
		}
	}
	return withCredentials(db, await base.orderBy(sql`lower(last_name)`).orderBy('firstName').limit(SEARCH_LIMIT).execute());
}

type PersonRow = { emsNumber: string; firstName: string; middleName: string | null; lastName: string; suffix: string | null; email: string; city: string };

async function withCredentials(db: Db, rows: PersonRow[]): Promise<PersonHit[]> {
	if (!rows.length) return [];
	const creds = await db
		.selectFrom('credentials')
		.select(['emsNumber', 'level', 'number', 'status', 'expiresOn'])
		.where('emsNumber', 'in', rows.map((r) => r.emsNumber))
		.where('deletedAt', 'is', null)
		.orderBy('expiresOn', 'desc')
		.execute();
	return rows.map((r) => ({
		emsNumber: r.emsNumber,
		name: [r.firstName, r.middleName, r.lastName, r.suffix].filter(Boolean).join(' '),
		email: r.email,
		city: r.city,
		credentials: creds.filter((c) => c.emsNumber === r.emsNumber).map(({ level, number, status, expiresOn }) => ({ level, number, status, expiresOn }))
	}));
}

/** Agencies by number, license number or name prefix. */
export async function searchAgencies(db: Db, query: string): Promise<AgencyHit[]> {
	const q = query.trim().toLowerCase();
	if (q.length < 2) return [];
	let base = db.selectFrom('agencies').select(['number', 'name', 'type', 'city', 'licenseNumber', 'licenseExpiresOn']).where('deletedAt', 'is', null);
	if (/^a\d{3,6}$/.test(q)) base = base.where('number', '=', q.toUpperCase());
	else if (/^al-\d{3,8}$/.test(q)) base = base.where('licenseNumber', '=', q.toUpperCase());
	else if (/^\d{4,8}$/.test(q) || q.includes('@')) return [];
	else base = base.where(prefixOf('name', q));
	return base.orderBy('name').limit(SEARCH_LIMIT).execute();
}

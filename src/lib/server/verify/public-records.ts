import type { AgencyType } from '$lib/domain/agency';
import type { CredentialStatus } from '$lib/domain/credential';
import type { Level } from '$lib/domain/levels';
import { currentStatus, type PublicAgencyLicense, type PublicCredential, type PublicRecord } from '$lib/domain/license-for-print';
import { fullName } from '$lib/domain/person';
import type { Db } from '../db';

/*
 * What the public verification endpoints answer. Every query names its columns: contact details, address and
 * date of birth are never read here, so they cannot leak through a careless spread.
 */

const today = (now: Date) => now.toISOString().slice(0, 10);

async function credentialsWhere(db: Db, column: 'credentials.number' | 'credentials.emsNumber', value: string, now: Date): Promise<PublicCredential[]> {
	const rows = await db
		.selectFrom('credentials')
		.innerJoin('persons', 'persons.emsNumber', 'credentials.emsNumber')
		.select([
			'persons.firstName',
			'persons.middleName',
			'persons.lastName',
			'persons.suffix',
			'credentials.emsNumber',
			'credentials.level',
			'credentials.number',
			'credentials.status',
			'credentials.issuedOn',
			'credentials.expiresOn',
			'credentials.statusChangedAt'
		])
		.where(column, '=', value)
		.where('credentials.deletedAt', 'is', null)
		.where('persons.deletedAt', 'is', null)
		.orderBy('credentials.expiresOn', 'desc')
		.execute();
	return rows.map((r) => ({
		kind: 'licensee',
		name: fullName(r),
		emsNumber: r.emsNumber,
		level: r.level as Level,
		number: r.number,
		status: currentStatus(r.status as CredentialStatus, r.expiresOn, today(now)),
		issuedOn: r.issuedOn,
		expiresOn: r.expiresOn,
		statusChangedOn: r.statusChangedAt ? r.statusChangedAt.slice(0, 10) : null
	}));
}

async function agencyLicense(db: Db, licenseNumber: string, now: Date): Promise<PublicAgencyLicense | null> {
	const r = await db
		.selectFrom('agencies')
		.select(['name', 'number', 'type', 'licenseNumber', 'licenseExpiresOn'])
		.where('licenseNumber', '=', licenseNumber)
		.where('deletedAt', 'is', null)
		.executeTakeFirst();
	if (!r) return null;
	return {
		kind: 'agency',
		name: r.name,
		agencyNumber: r.number,
		agencyType: r.type as AgencyType,
		number: r.licenseNumber,
		status: r.licenseExpiresOn < today(now) ? 'expired' : 'active',
		expiresOn: r.licenseExpiresOn
	};
}

/** Current status of one license or certification by its number (what a scanned card asks). */
export async function publicRecordByNumber(db: Db, number: string, now = new Date()): Promise<PublicRecord | null> {
	const n = number.trim().toUpperCase();
	if (n.startsWith('AL-')) return agencyLicense(db, n, now);
	return (await credentialsWhere(db, 'credentials.number', n, now))[0] ?? null;
}

/** The lookup form: a license/certification number, an agency license number, or an ND EMS #. */
export async function lookupPublicRecords(db: Db, query: string, now = new Date()): Promise<PublicRecord[]> {
	const q = query.trim().toUpperCase();
	if (/^\d{4,8}$/.test(q)) return credentialsWhere(db, 'credentials.emsNumber', q, now);
	if (/^[A-Z]{1,4}-\d{4,8}$/.test(q)) {
		const one = await publicRecordByNumber(db, q, now);
		return one ? [one] : [];
	}
	return [];
}

import { AGENCY_TYPES, type AgencyType } from '$lib/domain/agency';
import type { CredentialStatus } from '$lib/domain/credential';
import type { AgencyLicenseForPrint, LicenseForPrint } from '$lib/domain/license-for-print';
import { LEVELS, type Level } from '$lib/domain/levels';
import { fullName } from '$lib/domain/person';
import { verifyAddress } from '$lib/domain/signed-credential';
import type { Db } from '../db';
import { signClaims } from './sign';
import type { SigningKey } from './signing-key';

const STATUS_ORDER: Record<string, number> = { active: 0, pending: 1, expired: 2, inactive: 3, suspended: 4, revoked: 5 };

/** The licensee's current credential — the active one if any, else the latest — signed for printing. */
export async function signedLicenseFor(db: Db, key: SigningKey, emsNumber: string, origin: string, now = new Date()): Promise<LicenseForPrint | null> {
	// The person and their credentials in one statement (one row per credential): the first pull of every device
	// signs a license, and on PostgreSQL a round trip costs more than either lookup.
	const rows = await db
		.selectFrom('persons')
		.leftJoin('credentials', (join) => join.onRef('credentials.emsNumber', '=', 'persons.emsNumber').on('credentials.deletedAt', 'is', null))
		.select([
			'persons.firstName',
			'persons.middleName',
			'persons.lastName',
			'persons.suffix',
			'credentials.level',
			'credentials.number',
			'credentials.status',
			'credentials.issuedOn',
			'credentials.expiresOn'
		])
		.where('persons.emsNumber', '=', emsNumber)
		.where('persons.deletedAt', 'is', null)
		.execute();
	const person = rows[0];
	if (!person) return null;
	const credentials = rows.flatMap(({ level, number, status, issuedOn, expiresOn }) =>
		level !== null && number !== null && status !== null && issuedOn !== null && expiresOn !== null ? [{ level, number, status, issuedOn, expiresOn }] : []
	);
	const current = credentials
		.filter((c) => (LEVELS as readonly string[]).includes(c.level))
		.sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || b.expiresOn.localeCompare(a.expiresOn))[0];
	if (!current) return null;
	const name = fullName(person);
	const level = current.level as Level;
	const token = signClaims(key, { kind: 'licensee', emsNumber, level, number: current.number, expiresOn: current.expiresOn, name }, now);
	return {
		name,
		emsNumber,
		level,
		credentialNumber: current.number,
		status: current.status as CredentialStatus,
		issuedOn: current.issuedOn,
		expiresOn: current.expiresOn,
		token,
		verifyUrl: verifyAddress(origin, token)
	};
}

/** An agency's license, signed for "Print Agency License". */
export async function signedAgencyLicenseFor(db: Db, key: SigningKey, agencyNumber: string, origin: string, now = new Date()): Promise<AgencyLicenseForPrint | null> {
	const a = await db
		.selectFrom('agencies')
		.select(['number', 'name', 'type', 'street', 'street2', 'city', 'state', 'zip', 'licenseNumber', 'licenseExpiresOn'])
		.where('number', '=', agencyNumber)
		.where('deletedAt', 'is', null)
		.executeTakeFirst();
	if (!a || !(AGENCY_TYPES as readonly string[]).includes(a.type)) return null;
	const type = a.type as AgencyType;
	const token = signClaims(
		key,
		{ kind: 'agency', agencyNumber: a.number, agencyType: type, number: a.licenseNumber, expiresOn: a.licenseExpiresOn, name: a.name },
		now
	);
	return {
		name: a.name,
		agencyNumber: a.number,
		type,
		licenseNumber: a.licenseNumber,
		licenseExpiresOn: a.licenseExpiresOn,
		addressLines: [a.street, a.street2, `${a.city}, ${a.state} ${a.zip}`].filter((l): l is string => !!l),
		token,
		verifyUrl: verifyAddress(origin, token)
	};
}

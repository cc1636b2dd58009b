import { currentCredential } from '$lib/domain/dashboard';
import { fullName } from '$lib/domain/format';
import type { MemberLookup } from '$lib/domain/roster';
import { isCurrent } from '$lib/domain/affiliation-roles';
import type { Db } from '../db';

/**
 * What a squad leader sees of a person before adding them by ND EMS #: the public facts a license verification
 * shows (name, level, status), and whether they are already on this agency's roster. Every column is named, so
 * contact details and date of birth are never read.
 */
export async function lookUpMember(db: Db, agencyNumber: string, emsNumber: string, today: string): Promise<MemberLookup | null> {
	const person = await db
		.selectFrom('persons')
		.select(['emsNumber', 'firstName', 'middleName', 'lastName', 'suffix'])
		.where('emsNumber', '=', emsNumber)
		.where('deletedAt', 'is', null)
		.executeTakeFirst();
	if (!person) return null;
	const credentials = await db
		.selectFrom('credentials')
		.select(['level', 'number', 'status', 'issuedOn', 'expiresOn', 'nremtNumber', 'nremtExpiresOn'])
		.where('emsNumber', '=', emsNumber)
		.where('deletedAt', 'is', null)
		.execute();
	const memberships = await db
		.selectFrom('affiliations')
		.select(['endedOn'])
		.where('emsNumber', '=', emsNumber)
		.where('agencyNumber', '=', agencyNumber)
		.where('deletedAt', 'is', null)
		.execute();
	const lead = currentCredential(credentials);
	return {
		emsNumber: person.emsNumber,
		name: fullName(person),
		level: lead?.level ?? null,
		licenseNumber: lead?.number ?? null,
		status: lead?.status ?? null,
		expiresOn: lead?.expiresOn ?? null,
		currentMember: memberships.some((m) => isCurrent(m, today))
	};
}

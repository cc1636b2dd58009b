import type { Db } from '../db';

/** What the office sees of one person: the record, credentials with their status history, agencies, account. */
export async function personRecord(db: Db, emsNumber: string) {
	const person = await db
		.selectFrom('persons')
		.select(['emsNumber', 'firstName', 'middleName', 'lastName', 'suffix', 'dateOfBirth', 'email', 'mobilePhone', 'street', 'street2', 'city', 'state', 'zip'])
		.where('emsNumber', '=', emsNumber)
		.where('deletedAt', 'is', null)
		.executeTakeFirst();
	if (!person) return null;
	const [credentials, affiliations, account, requests] = await Promise.all([
		db
			.selectFrom('credentials')
			.select(['id', 'level', 'number', 'status', 'issuedOn', 'expiresOn', 'nremtNumber', 'nremtExpiresOn', 'statusChangedAt', 'statusReason'])
			.where('emsNumber', '=', emsNumber)
			.where('deletedAt', 'is', null)
			.orderBy('expiresOn', 'desc')
			.execute(),
		db
			.selectFrom('affiliations as f')
			.innerJoin('agencies as a', 'a.number', 'f.agencyNumber')
			.select(['f.id', 'f.role', 'f.startedOn', 'f.endedOn', 'a.number', 'a.name'])
			.where('f.emsNumber', '=', emsNumber)
			.where('f.deletedAt', 'is', null)
			.orderBy('f.startedOn', 'desc')
			.execute(),
		db.selectFrom('accounts').select(['email']).where('emsNumber', '=', emsNumber).executeTakeFirst(),
		db
			.selectFrom('changeRequests')
			.select(['id', 'kind', 'status', 'requestedAt'])
			.where('emsNumber', '=', emsNumber)
			.where('status', '=', 'pending')
			.where('deletedAt', 'is', null)
			.execute()
	]);
	return { person, credentials, affiliations, accountEmail: account?.email ?? null, pendingRequests: requests };
}

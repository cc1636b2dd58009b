import { vinCheckDigit } from '../../src/lib/domain/vehicle';
import type { SessionUser } from '../../src/lib/domain/session-user';
import type { Db } from '../../src/lib/server/db';

/** Rows for sync tests, written straight to the database with a fresh revision each, as a loader would. */

async function revision(db: Db): Promise<number> {
	const row = await db
		.updateTable('counters')
		.set((eb) => ({ value: eb('value', '+', 1) }))
		.where('name', '=', 'revision')
		.returning('value')
		.executeTakeFirstOrThrow();
	return Number(row.value);
}

const stamp = async (db: Db) => ({ revision: await revision(db), updatedAt: new Date().toISOString(), deletedAt: null });

export async function seedPerson(db: Db, emsNumber: string, over: Record<string, unknown> = {}) {
	const row = {
		emsNumber,
		firstName: 'Pat',
		middleName: null,
		lastName: `Person${emsNumber}`,
		suffix: null,
		dateOfBirth: '1990-04-02',
		email: `p${emsNumber}@example.org`,
		mobilePhone: '+17015550100',
		homePhone: null,
		street: '1 Main St',
		street2: null,
		city: 'Bismarck',
		state: 'ND',
		zip: '58501',
		...(await stamp(db)),
		...over
	};
	await db.insertInto('persons').values(row).execute();
	return row;
}

export async function seedAgency(db: Db, number: string, over: Record<string, unknown> = {}) {
	const row = {
		number,
		name: `Agency ${number}`,
		type: 'bls_ground',
		parentNumber: null,
		phone: '+17015550199',
		email: `${number.toLowerCase()}@example.org`,
		street: '2 Depot Rd',
		street2: null,
		city: 'Minot',
		state: 'ND',
		zip: '58701',
		licenseNumber: `AL-${number.slice(1)}`,
		licenseExpiresOn: '2027-06-30',
		...(await stamp(db)),
		...over
	};
	await db.insertInto('agencies').values(row).execute();
	return row;
}

export async function seedAffiliation(db: Db, emsNumber: string, agencyNumber: string, role = 'member', over: Record<string, unknown> = {}) {
	const row = {
		id: crypto.randomUUID(),
		emsNumber,
		agencyNumber,
		role,
		startedOn: '2020-01-01',
		endedOn: null,
		...(await stamp(db)),
		...over
	};
	await db.insertInto('affiliations').values(row).execute();
	return row;
}

export async function seedCredential(db: Db, emsNumber: string, over: Record<string, unknown> = {}) {
	const row = {
		id: crypto.randomUUID(),
		emsNumber,
		level: 'EMT',
		number: `EMT-${emsNumber}`,
		status: 'active',
		issuedOn: '2024-04-01',
		expiresOn: '2026-03-31',
		nremtNumber: `E${emsNumber}`,
		nremtExpiresOn: '2026-03-31',
		...(await stamp(db)),
		...over
	};
	await db.insertInto('credentials').values(row).execute();
	return row;
}

/** A valid VIN (check digit computed) numbered by `n`. */
export function makeVin(n: number): string {
	const body = `1FDXE4FS${'0'}KDC${String(n).padStart(5, '0')}`; // 17 chars with a placeholder check digit at 9
	const draft = body.slice(0, 8) + '0' + body.slice(9);
	return draft.slice(0, 8) + vinCheckDigit(draft) + draft.slice(9);
}

export function vehicleFields(agencyNumber: string, n: number) {
	return {
		agencyNumber,
		unitNumber: `Medic ${n}`,
		vin: makeVin(n),
		year: 2020,
		make: 'Ford',
		model: 'E-450',
		type: 'type_iii_ambulance',
		status: 'in_service'
	};
}

export async function seedVehicle(db: Db, agencyNumber: string, n: number, over: Record<string, unknown> = {}) {
	const row = { id: crypto.randomUUID(), ...vehicleFields(agencyNumber, n), ...(await stamp(db)), ...over };
	await db.insertInto('vehicles').values(row).execute();
	return row;
}

export function licensee(emsNumber: string, leaderOf: string[] = []): SessionUser {
	return { accountId: `acct-${emsNumber}`, role: 'licensee', emsNumber, email: `p${emsNumber}@example.org`, leaderOf };
}

export const office: SessionUser = { accountId: 'acct-office', role: 'office', emsNumber: null, email: 'office@example.org', leaderOf: [] };

import type { Db } from '../../src/lib/server/db';

const stamp = { revision: 1, updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };

export interface LicenseeFixture {
	emsNumber: string;
	firstName?: string;
	middleName?: string | null;
	lastName?: string;
	level?: string;
	number?: string;
	status?: string;
	issuedOn?: string;
	expiresOn?: string;
}

/** A licensee with one credential, with contact details the public must never see. */
export async function insertLicensee(db: Db, f: LicenseeFixture): Promise<void> {
	await db
		.insertInto('persons')
		.values({
			emsNumber: f.emsNumber,
			firstName: f.firstName ?? 'Jordan',
			middleName: f.middleName ?? null,
			lastName: f.lastName ?? 'Smith',
			suffix: null,
			dateOfBirth: '1988-04-12',
			email: `p${f.emsNumber}@example.org`,
			mobilePhone: '+17015550123',
			homePhone: null,
			street: '600 E Boulevard Ave',
			street2: null,
			city: 'Bismarck',
			state: 'ND',
			zip: '58505',
			...stamp
		})
		.execute();
	await db
		.insertInto('credentials')
		.values({
			id: crypto.randomUUID(),
			emsNumber: f.emsNumber,
			level: f.level ?? 'EMT',
			number: f.number ?? `EMT-${f.emsNumber}`,
			status: f.status ?? 'active',
			issuedOn: f.issuedOn ?? '2025-04-01',
			expiresOn: f.expiresOn ?? '2027-03-31',
			nremtNumber: 'E1234567',
			nremtExpiresOn: f.expiresOn ?? '2027-03-31',
			...stamp
		})
		.execute();
}

export async function insertAgency(db: Db, number = 'A0101', licenseNumber = 'AL-0101'): Promise<void> {
	await db
		.insertInto('agencies')
		.values({
			number,
			name: 'Prairie Rose Ambulance Service',
			type: 'bls_ground',
			parentNumber: null,
			phone: '+17015550199',
			email: 'squad@example.org',
			street: '12 Main St',
			street2: null,
			city: 'Mandan',
			state: 'ND',
			zip: '58554',
			licenseNumber,
			licenseExpiresOn: '2027-06-30',
			...stamp
		})
		.execute();
}

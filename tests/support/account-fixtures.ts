import type { Db } from '../../src/lib/server/db';
import { hashPassword } from '../../src/lib/server/auth/password';

/** Test people and accounts, made one way everywhere. */

let counter = 0;
const now = () => new Date().toISOString();

export interface LicenseeFixture {
	accountId: string;
	emsNumber: string;
	email: string;
	mobilePhone: string | null;
	password: string | null;
}

export async function addLicensee(
	db: Db,
	over: { emsNumber?: string; email?: string; mobilePhone?: string | null; password?: string | null; firstName?: string } = {}
): Promise<LicenseeFixture> {
	counter += 1;
	const emsNumber = over.emsNumber ?? String(500000 + counter);
	const email = over.email ?? `person${emsNumber}@example.org`;
	const mobilePhone = over.mobilePhone === undefined ? '+17015550100' : over.mobilePhone;
	const password = over.password === undefined ? 'Fixture-Password-2026!' : over.password;
	await db
		.insertInto('persons')
		.values({
			emsNumber,
			firstName: over.firstName ?? 'Pat',
			middleName: null,
			lastName: `Tester${counter}`,
			suffix: null,
			dateOfBirth: '1990-01-01',
			email,
			mobilePhone,
			homePhone: null,
			street: '1 Main St',
			street2: null,
			city: 'Bismarck',
			state: 'ND',
			zip: '58501',
			revision: 1,
			updatedAt: now(),
			deletedAt: null
		})
		.execute();
	const accountId = `acct-${emsNumber}`;
	await db
		.insertInto('accounts')
		.values({
			id: accountId,
			emsNumber,
			email,
			role: 'licensee',
			passwordHash: password ? await hashPassword(password) : null,
			createdAt: now(),
			passwordChangedAt: null
		})
		.execute();
	return { accountId, emsNumber, email, mobilePhone, password };
}

export async function addOffice(db: Db, email = `office${++counter}@example.org`, password = 'Office-Password-2026!') {
	const accountId = `acct-office-${counter}`;
	await db
		.insertInto('accounts')
		.values({ id: accountId, emsNumber: null, email, role: 'office', passwordHash: await hashPassword(password), createdAt: now(), passwordChangedAt: null })
		.execute();
	return { accountId, email, password };
}

export async function auditEvents(db: Db, accountId?: string | null) {
	let q = db.selectFrom('auditEvents').selectAll().orderBy('at');
	if (accountId !== undefined) q = accountId === null ? q.where('accountId', 'is', null) : q.where('accountId', '=', accountId);
	return q.execute();
}

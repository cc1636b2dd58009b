import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMonths, officeReports, type Reports } from '../../src/lib/server/office/reports';
import { addLicensee } from '../support/account-fixtures';
import { seedAffiliation, seedAgency, seedCredential, seedPerson } from '../support/sync-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The office's report queries (reports.ts) against a data set whose answers are known, on SQLite and (with
 * TEST_DATABASE_URL) PostgreSQL: each boundary — today, the 90-day "soon", the twelfth month, an active credential
 * past its date, former members, deleted rows — has a row on each side of it.
 */
let t: TestDatabase;
let reports: Reports;
const NOW = new Date('2026-12-02T15:00:00Z');

beforeAll(async () => {
	t = await createTestDatabase();
	const db = t.db;
	const person = async (ems: string, level: string, status: string, expiresOn: string, over: Record<string, unknown> = {}) => {
		await seedPerson(db, ems);
		await seedCredential(db, ems, { level, status, expiresOn, number: `${level.toUpperCase()}-${ems}`, ...over });
	};
	await person('910001', 'EMT', 'active', '2027-03-31'); // in month 2027-03; not within 90 days (2027-03-02)
	await person('910002', 'Paramedic', 'active', '2026-12-31'); // soon; month 2026-12
	await person('910003', 'EMT', 'active', '2026-06-30'); // active but past its date: expired, lapsed
	await person('910004', 'EMR', 'active', '2027-06-30'); // month 2027-06
	await person('910005', 'AEMT', 'suspended', '2027-03-31'); // suspended: not expiring, lapsed for its agency
	await person('910006', 'Paramedic', 'active', '2028-03-31'); // beyond the twelve months
	await person('910007', 'EMT', 'expired', '2025-03-31');
	await person('910008', 'EMT', 'active', '2027-11-30'); // the twelfth month, its last day
	await person('910009', 'EMT', 'active', '2027-12-01'); // the first day after the twelve months
	await person('910010', 'EMT', 'active', '2026-12-02'); // today: still valid, soon, month 2026-12
	await person('910011', 'Paramedic', 'active', '2027-01-31', { deletedAt: '2026-11-01T00:00:00.000Z' }); // deleted: nowhere

	await seedAgency(db, 'A9101', { name: 'Alpha Ambulance' });
	await seedAgency(db, 'A9102', { name: 'Bravo Rescue' });
	await seedAgency(db, 'A9103', { name: 'Charlie QRU' });
	await seedAgency(db, 'A9104', { name: 'Deleted Service', deletedAt: '2026-01-01T00:00:00.000Z' });
	for (const ems of ['910001', '910002', '910003', '910005']) await seedAffiliation(db, ems, 'A9101');
	await seedAffiliation(db, '910007', 'A9101', 'member', { endedOn: '2026-01-01' }); // former member: not counted
	await seedAffiliation(db, '910010', 'A9102', 'squad_leader');
	await seedAffiliation(db, '910006', 'A9102');
	await seedAffiliation(db, '910004', 'A9102', 'member', { endedOn: '2026-12-20' }); // leaving later this month: still current
	await seedAffiliation(db, '910003', 'A9102', 'member', { deletedAt: '2026-02-01T00:00:00.000Z' }); // deleted: not counted
	await seedAffiliation(db, '910001', 'A9103');
	await seedAffiliation(db, '910006', 'A9103');
	await seedAffiliation(db, '910003', 'A9104');

	const asker = await addLicensee(db);
	const at = '2026-11-15T10:00:00.000Z';
	const request = (kind: 'renewal' | 'name', status: 'pending' | 'approved' | 'rejected', deletedAt: string | null = null) => ({
		id: crypto.randomUUID(),
		emsNumber: asker.emsNumber,
		kind,
		changes: '{}',
		reason: null,
		requestedBy: asker.accountId,
		requestedAt: at,
		decidedBy: null,
		decidedAt: status === 'pending' ? null : at,
		decisionNote: null,
		status,
		revision: 1,
		updatedAt: at,
		deletedAt
	});
	await db
		.insertInto('changeRequests')
		.values([
			request('renewal', 'pending'),
			request('renewal', 'pending'),
			request('renewal', 'approved'),
			request('renewal', 'rejected'),
			request('renewal', 'approved', at),
			request('name', 'pending')
		])
		.execute();
	reports = await officeReports(db, NOW);
});
afterAll(async () => t?.dispose());

describe('office reports', () => {
	it('counts credentials by level and status, an active one past its date as expired, deleted ones not at all', () => {
		expect(reports.today).toBe('2026-12-02');
		expect(reports.byLevel).toEqual([
			{ level: 'EMR', status: 'active', count: 1 },
			{ level: 'EMT', status: 'active', count: 4 },
			{ level: 'EMT', status: 'expired', count: 2 },
			{ level: 'AEMT', status: 'suspended', count: 1 },
			{ level: 'Paramedic', status: 'active', count: 2 }
		]);
	});

	it('counts active credentials expiring in each of the next 12 months, this month and zeros included', () => {
		expect(nextMonths('2026-12-02')).toEqual(['2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11']);
		expect(reports.expiringByMonth).toEqual([
			{ month: '2026-12', count: 2 },
			{ month: '2027-01', count: 0 },
			{ month: '2027-02', count: 0 },
			{ month: '2027-03', count: 1 },
			{ month: '2027-04', count: 0 },
			{ month: '2027-05', count: 0 },
			{ month: '2027-06', count: 1 },
			{ month: '2027-07', count: 0 },
			{ month: '2027-08', count: 0 },
			{ month: '2027-09', count: 0 },
			{ month: '2027-10', count: 0 },
			{ month: '2027-11', count: 1 }
		]);
	});

	it('lists agencies with lapsed or soon-lapsing current members, most lapsed first; former, deleted and healthy ones left out', () => {
		expect(reports.agencies).toEqual([
			{ number: 'A9101', name: 'Alpha Ambulance', members: 4, lapsed: 2, soon: 1 },
			{ number: 'A9102', name: 'Bravo Rescue', members: 3, lapsed: 0, soon: 1 }
		]);
	});

	it('counts renewal applications by status, other kinds and deleted ones left out', () => {
		expect(reports.renewals).toEqual([
			{ status: 'approved', count: 1 },
			{ status: 'pending', count: 2 },
			{ status: 'rejected', count: 1 }
		]);
	});
});

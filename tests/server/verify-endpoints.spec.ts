import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publicVerifyResponse } from '../../src/lib/server/verify/endpoint';
import { hitRateLimit } from '../../src/lib/server/verify/rate-limit';
import { lookupPublicRecords, publicRecordByNumber } from '../../src/lib/server/verify/public-records';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { insertAgency, insertLicensee } from '../support/print-fixtures';

let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
	await insertLicensee(t.db, { emsNumber: '100002', level: 'EMT', number: 'EMT-012345' });
	await insertLicensee(t.db, { emsNumber: '100003', level: 'EMR', number: 'EMR-000777', status: 'revoked' });
	await insertLicensee(t.db, { emsNumber: '100004', level: 'AEMT', number: 'AEMT-00444', expiresOn: '2025-03-31', issuedOn: '2023-04-01' });
	await insertAgency(t.db);
});
afterAll(async () => {
	await t.dispose();
});

const PUBLIC_FIELDS = ['kind', 'name', 'emsNumber', 'level', 'number', 'status', 'issuedOn', 'expiresOn', 'statusChangedOn'].sort();
const now = new Date('2026-02-01T12:00:00Z');

describe('public verification records', () => {
	it('status by license number gives public fields only, with the status as of today', async () => {
		const active = await publicRecordByNumber(t.db, 'emt-012345', now);
		expect(Object.keys(active!).sort()).toEqual(PUBLIC_FIELDS);
		expect(active).toMatchObject({ name: 'Jordan Smith', level: 'EMT', status: 'active' });
		expect(JSON.stringify(active)).not.toMatch(/example\.org|\+1701|1988|Boulevard|58505/);
		expect((await publicRecordByNumber(t.db, 'EMR-000777', now))?.status).toBe('revoked');
		expect((await publicRecordByNumber(t.db, 'AEMT-00444', now))?.status).toBe('expired');
		expect(await publicRecordByNumber(t.db, 'EMT-999999', now)).toBeNull();
		const agency = await publicRecordByNumber(t.db, 'AL-0101', now);
		expect(agency).toEqual({
			kind: 'agency',
			name: 'Prairie Rose Ambulance Service',
			agencyNumber: 'A0101',
			agencyType: 'bls_ground',
			number: 'AL-0101',
			status: 'active',
			expiresOn: '2027-06-30'
		});
	});

	it('lookup by ND EMS # or number gives the same public fields', async () => {
		const byEms = await lookupPublicRecords(t.db, ' 100002 ', now);
		expect(byEms).toHaveLength(1);
		expect(Object.keys(byEms[0]!).sort()).toEqual(PUBLIC_FIELDS);
		expect(await lookupPublicRecords(t.db, 'EMT-012345', now)).toEqual(byEms);
		expect(await lookupPublicRecords(t.db, 'p100002@example.org', now)).toEqual([]);
		expect(await lookupPublicRecords(t.db, '%', now)).toEqual([]);
	});
});

describe('rate limit kept in the database', () => {
	it('allows the limit within a window, refuses the next, and starts again in the next window', async () => {
		const limit = { limit: 5, windowSeconds: 60 };
		const start = Date.parse('2026-02-01T12:00:05Z');
		const results = [];
		for (let i = 0; i < 7; i++) results.push(await hitRateLimit(t.db, 'verify:203.0.113.9', limit, start + i));
		expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false, false]);
		expect(results[5]!.retryAfter).toBe(55);
		expect((await hitRateLimit(t.db, 'verify:198.51.100.1', limit, start)).allowed).toBe(true);
		expect((await hitRateLimit(t.db, 'verify:203.0.113.9', limit, start + 60_000)).allowed).toBe(true);
	});

	it('counts concurrent hits exactly', async () => {
		const limit = { limit: 1000, windowSeconds: 60 };
		const at = Date.parse('2026-02-01T13:00:00Z');
		const all = await Promise.all(Array.from({ length: 40 }, () => hitRateLimit(t.db, 'verify:concurrent', limit, at)));
		expect(all.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
	});
});

describe('endpoints', () => {
	it('public verify responses answer 429 with Retry-After past the per-client limit', async () => {
		vi.stubEnv('VERIFY_RATE_LIMIT', '3');
		const answer = (ip: string) =>
			publicVerifyResponse(t.db, { getClientAddress: () => ip }, async (db) => ({ records: await lookupPublicRecords(db, '100002') }));
		const responses = [];
		for (let i = 0; i < 5; i++) responses.push(await answer('192.0.2.77'));
		expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
		expect(Number(responses[3]!.headers.get('Retry-After'))).toBeGreaterThan(0);
		const other = await answer('192.0.2.78');
		expect(((await other.json()) as { records: { name: string }[] }).records[0]?.name).toBe('Jordan Smith');
		vi.unstubAllEnvs();
	});
});

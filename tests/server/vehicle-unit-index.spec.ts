import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitNumberHolder } from '../../src/lib/server/sync/roster-facts';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { seedAgency, seedVehicle } from '../support/sync-seed';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const postgres = () => Boolean(process.env.TEST_DATABASE_URL);

/**
 * Every vehicle mutation that names a unit number asks whether another vehicle of the agency has it. Without
 * migration 015's index each question read the agency's whole fleet: half a 500-change push's server time
 * (decision 046). The query must stay one the index answers.
 */
describe('the unit-number check of a vehicle change', () => {
	it('finds another vehicle of the agency with the number in any case, not the vehicle itself', async () => {
		const agency = await seedAgency(t.db, 'A9151');
		const vehicle = await seedVehicle(t.db, agency.number, 151, { unitNumber: 'Medic 7' });
		expect(await unitNumberHolder(t.db, agency.number, crypto.randomUUID(), 'MEDIC 7').executeTakeFirst()).toEqual({ id: vehicle.id });
		expect(await unitNumberHolder(t.db, agency.number, vehicle.id, 'MEDIC 7').executeTakeFirst()).toBeUndefined();
		expect(await unitNumberHolder(t.db, 'A9152', crypto.randomUUID(), 'MEDIC 7').executeTakeFirst()).toBeUndefined();
	});

	it('is answered from the (agency, upper(unit number)) index', async () => {
		const query = unitNumberHolder(t.db, 'A9151', crypto.randomUUID(), 'MEDIC 7').compile();
		if (postgres()) {
			// A small table is scanned whatever the indexes; without sequential scans the planner shows what it can use.
			const plan = await t.db.transaction().execute(async (trx) => {
				await sql`set local enable_seqscan = off`.execute(trx);
				return trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
			});
			expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('vehicles_agency_unit_idx');
		} else {
			const plan = await t.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
			expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/USING INDEX vehicles_agency_unit_idx \(agency_number=\? AND <expr>=\?\)/);
		}
	});
});

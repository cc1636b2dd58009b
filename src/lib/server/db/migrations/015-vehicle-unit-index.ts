import { sql, type Kysely } from 'kysely';

/**
 * A vehicle's unit number is unique within its agency, compared without case (roster-facts.ts asks for
 * `upper(unit_number)` on every vehicle mutation that names one). With only the (agency_number, revision) index,
 * each such check read every vehicle of the agency: 500 queued vehicle changes of the 2,000-member demo agency
 * spent about half the push's server time there (decision 046). This index answers the same question in one
 * lookup, on SQLite and PostgreSQL alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createIndex('vehicles_agency_unit_idx')
		.on('vehicles')
		.columns(['agency_number'])
		.expression(sql`upper(unit_number)`)
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropIndex('vehicles_agency_unit_idx').execute();
}

import type { Kysely } from 'kysely';

/**
 * The office's agency actions (issue 13): an agency license's earlier expirations, kept when the office renews it
 * (the agency row holds only the current one), with who renewed it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('agency_license_history')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('agency_number', 'text', (c) => c.notNull().references('agencies.number'))
		.addColumn('license_number', 'text', (c) => c.notNull())
		.addColumn('expires_on', 'text', (c) => c.notNull())
		.addColumn('replaced_at', 'text', (c) => c.notNull())
		.addColumn('replaced_by', 'text')
		.execute();
	await db.schema.createIndex('agency_license_history_agency_idx').on('agency_license_history').columns(['agency_number', 'replaced_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('agency_license_history').execute();
}

import type { Kysely } from 'kysely';

/**
 * What the agency page (issue 10) shows and keeps beyond the first schema: who to call at the agency and, for ALS
 * and AEMT-level services, the medical director (both set by the office; the demo fills them), and since when and
 * why a vehicle is out of service (a squad leader must say both when taking it out). All nullable: old rows have none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('agencies').addColumn('contact_person', 'text').execute();
	await db.schema.alterTable('agencies').addColumn('medical_director', 'text').execute();
	await db.schema.alterTable('vehicles').addColumn('out_of_service_on', 'text').execute();
	await db.schema.alterTable('vehicles').addColumn('out_of_service_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('vehicles').dropColumn('out_of_service_reason').execute();
	await db.schema.alterTable('vehicles').dropColumn('out_of_service_on').execute();
	await db.schema.alterTable('agencies').dropColumn('medical_director').execute();
	await db.schema.alterTable('agencies').dropColumn('contact_person').execute();
}

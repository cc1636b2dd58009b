import type { Kysely } from 'kysely';

/**
 * Reminders on a schedule (issue 12, decision 040): a lease row per job, so of several server processes only the
 * one holding an unexpired lease runs the job; and the person's choice to receive renewal reminders, a synced
 * field of their record ('off' stops them; null or 'on' sends them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('job_leases')
		.addColumn('name', 'text', (c) => c.primaryKey())
		.addColumn('holder', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('last_run_at', 'text')
		.execute();
	await db.schema.alterTable('persons').addColumn('renewal_reminders', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('persons').dropColumn('renewal_reminders').execute();
	await db.schema.dropTable('job_leases').execute();
}

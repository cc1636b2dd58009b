import type { Kysely } from 'kysely';

/**
 * Renewals (issue 12): a credential's earlier expirations, kept when an approved renewal gives it a new one (same
 * number), and one row per credential, expiration and reminder milestone, so no reminder is sent twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('credential_history')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id'))
		.addColumn('issued_on', 'text', (c) => c.notNull())
		.addColumn('expires_on', 'text', (c) => c.notNull())
		.addColumn('nremt_expires_on', 'text')
		.addColumn('replaced_at', 'text', (c) => c.notNull())
		.addColumn('request_id', 'text')
		.execute();
	await db.schema.createIndex('credential_history_credential_idx').on('credential_history').columns(['credential_id', 'replaced_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('credential_history').execute();
}

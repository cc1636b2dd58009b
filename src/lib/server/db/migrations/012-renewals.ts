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
	// The primary key is the claim: the process whose insert succeeds sends that reminder, every other one skips it.
	await db.schema
		.createTable('renewal_reminders')
		.addColumn('credential_id', 'text', (c) => c.notNull())
		.addColumn('expires_on', 'text', (c) => c.notNull())
		.addColumn('milestone', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'text', (c) => c.notNull())
		.addColumn('channels', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('renewal_reminders_pk', ['credential_id', 'expires_on', 'milestone'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('renewal_reminders').execute();
	await db.schema.dropTable('credential_history').execute();
}

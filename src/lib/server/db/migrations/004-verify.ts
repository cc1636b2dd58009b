import type { Kysely } from 'kysely';

/** Public verification: published credential-signing keys, and request counts for per-client rate limits. */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('signing_keys')
		.addColumn('key_id', 'text', (c) => c.primaryKey())
		.addColumn('public_key', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	// Counts live in the database, not in memory, so every server process sharing it enforces one limit.
	await db.schema
		.createTable('rate_limits')
		.addColumn('bucket', 'text', (c) => c.notNull())
		.addColumn('window_start', 'integer', (c) => c.notNull())
		.addColumn('hits', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
		.execute();
	await db.schema.createIndex('rate_limits_window_start_idx').on('rate_limits').column('window_start').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('rate_limits').execute();
	await db.schema.dropTable('signing_keys').execute();
}

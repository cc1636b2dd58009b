import type { Kysely } from 'kysely';

/**
 * Sign-in, codes, throttling, passkeys and the audit trail. Ids are text (random or hashes) and times ISO 8601 text
 * so the same statements run on SQLite and PostgreSQL; flags are integers 0/1 for the same reason.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// A session is known only by the SHA-256 of its cookie token: a copy of this table signs no one in.
	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('reauthenticated_at', 'text')
		.addColumn('ip', 'text')
		.addColumn('user_agent', 'text')
		.execute();
	await db.schema.createIndex('sessions_account_id_idx').on('sessions').column('account_id').execute();

	// One row per code sent (or pretended to be sent, when email and EMS # did not match: account_id null).
	// ticket_hash ties the rows to the browser that asked; request_key to the email + EMS # pair for send limits.
	await db.schema
		.createTable('verification_codes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('ticket_hash', 'text', (c) => c.notNull())
		.addColumn('request_key', 'text', (c) => c.notNull())
		.addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('code_salt', 'text', (c) => c.notNull())
		.addColumn('code_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('voided_at', 'text')
		.addColumn('used_at', 'text')
		.addColumn('password_set_at', 'text')
		.addColumn('ip', 'text')
		.execute();
	await db.schema.createIndex('verification_codes_ticket_idx').on('verification_codes').columns(['ticket_hash', 'created_at']).execute();
	await db.schema.createIndex('verification_codes_request_key_idx').on('verification_codes').columns(['request_key', 'created_at']).execute();

	// Failure counters for sign-in, shared by every server process through the database.
	await db.schema
		.createTable('auth_throttle')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('last_failure_at', 'text', (c) => c.notNull())
		.addColumn('blocked_until', 'text')
		.execute();

	await db.schema
		.createTable('audit_events')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('event', 'text', (c) => c.notNull())
		.addColumn('account_id', 'text')
		.addColumn('ip', 'text')
		.addColumn('detail', 'text')
		.execute();
	await db.schema.createIndex('audit_events_account_idx').on('audit_events').columns(['account_id', 'at']).execute();
	await db.schema.createIndex('audit_events_at_idx').on('audit_events').column('at').execute();

	await db.schema
		.createTable('passkeys')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
		.addColumn('public_key', 'text', (c) => c.notNull())
		.addColumn('counter', 'bigint', (c) => c.notNull())
		.addColumn('transports', 'text')
		.addColumn('device_type', 'text', (c) => c.notNull())
		.addColumn('backed_up', 'integer', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_used_at', 'text')
		.execute();
	await db.schema.createIndex('passkeys_account_id_idx').on('passkeys').column('account_id').execute();

	// WebAuthn challenges live in the database, not memory, so any server process can finish a ceremony.
	await db.schema
		.createTable('webauthn_challenges')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('challenge', 'text', (c) => c.notNull())
		.addColumn('account_id', 'text')
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const t of ['webauthn_challenges', 'passkeys', 'audit_events', 'auth_throttle', 'verification_codes', 'sessions']) {
		await db.schema.dropTable(t).execute();
	}
}

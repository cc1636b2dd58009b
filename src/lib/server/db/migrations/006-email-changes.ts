import type { Kysely } from 'kysely';

/**
 * A change of a person's email address waiting for confirmation from the new inbox (decision 019). The account's
 * address (accounts.email: codes, notices, office sign-in) moves only when the confirm link is used; the old
 * address gets a link that undoes the change. Only SHA-256 hashes of the two link tokens are stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('email_changes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
		.addColumn('old_email', 'text', (c) => c.notNull())
		.addColumn('new_email', 'text', (c) => c.notNull())
		.addColumn('confirm_token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('undo_token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('requested_by', 'text', (c) => c.notNull())
		.addColumn('requested_at', 'text', (c) => c.notNull())
		.addColumn('confirm_expires_at', 'text', (c) => c.notNull())
		.addColumn('undo_expires_at', 'text', (c) => c.notNull())
		.addColumn('confirmed_at', 'text')
		.addColumn('undone_at', 'text')
		.addColumn('superseded_at', 'text')
		.execute();
	await db.schema.createIndex('email_changes_account_idx').on('email_changes').columns(['account_id', 'requested_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('email_changes').execute();
}

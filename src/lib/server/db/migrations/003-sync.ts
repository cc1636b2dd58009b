import type { Kysely } from 'kysely';

const SYNCED_TABLES = ['persons', 'credentials', 'agencies', 'affiliations', 'vehicles'] as const;

/**
 * Sync bookkeeping. Portable SQL only (text JSON, integer revisions) so the same migration runs on SQLite and
 * PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Per-field revisions for conflict detection: JSON {"field": revision, "*": rowRevision}. "*" says which row
	// revision the map describes; a writer that changes the row without maintaining the map leaves "*" stale,
	// and the sync then treats every field as changed at the row's revision (a conservative conflict).
	for (const table of SYNCED_TABLES) {
		await db.schema.alterTable(table).addColumn('field_revisions', 'text').execute();
	}

	// One row per device (client id): the last mutation sequence applied, written in the same transaction as
	// the mutation itself, which is what makes a resend a no-op.
	await db.schema
		.createTable('sync_clients')
		.addColumn('client_id', 'text', (c) => c.primaryKey())
		.addColumn('account_id', 'text', (c) => c.notNull())
		.addColumn('last_sequence', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	// The answer given to each mutation, so a device that lost the response to a push gets the same answer
	// (applied, conflict, refusal) when it sends the mutation again. Doubles as an audit trail.
	await db.schema
		.createTable('sync_mutations')
		.addColumn('client_id', 'text', (c) => c.notNull())
		.addColumn('sequence', 'integer', (c) => c.notNull())
		.addColumn('account_id', 'text', (c) => c.notNull())
		.addColumn('table_name', 'text', (c) => c.notNull())
		.addColumn('record_id', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('result', 'text', (c) => c.notNull())
		.addColumn('received_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('sync_mutations_pk', ['client_id', 'sequence'])
		.execute();

	// Changes a person may ask for but not make (a legal name change): they wait for the office.
	await db.schema
		.createTable('change_requests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('ems_number', 'text', (c) => c.notNull().references('persons.ems_number'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('changes', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
		.addColumn('requested_by', 'text', (c) => c.notNull())
		.addColumn('requested_at', 'text', (c) => c.notNull())
		.addColumn('decided_by', 'text')
		.addColumn('decided_at', 'text')
		.addColumn('decision_note', 'text')
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('deleted_at', 'text')
		.execute();
	await db.schema.createIndex('change_requests_ems_number_idx').on('change_requests').columns(['ems_number', 'status']).execute();
	await db.schema.createIndex('change_requests_revision_idx').on('change_requests').column('revision').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('change_requests').execute();
	await db.schema.dropTable('sync_mutations').execute();
	await db.schema.dropTable('sync_clients').execute();
	for (const table of SYNCED_TABLES) {
		await db.schema.alterTable(table).dropColumn('field_revisions').execute();
	}
}

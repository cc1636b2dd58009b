import type { Kysely } from 'kysely';

/**
 * Continuing-education entries (a synced table like the others: revision, soft delete, field revisions) and the
 * certificate photo or PDF of an entry, stored base64 like change-request documents (005) so both dialects keep
 * it in an ordinary text column; the device shrinks photos well under 1 MB and the endpoint refuses over 5 MB.
 * Hours are a real column: entries come in quarter hours, which binary floating point holds exactly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('ce_entries')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('ems_number', 'text', (c) => c.notNull().references('persons.ems_number'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('provider', 'text', (c) => c.notNull())
		.addColumn('completed_on', 'text', (c) => c.notNull())
		.addColumn('hours', 'real', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull())
		.addColumn('component', 'text')
		.addColumn('topic', 'text')
		.addColumn('pediatric', 'integer')
		.addColumn('course_number', 'text')
		.addColumn('certificate', 'text')
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('deleted_at', 'text')
		.addColumn('field_revisions', 'text')
		.execute();
	await db.schema.createIndex('ce_entries_revision_idx').on('ce_entries').column('revision').execute();
	await db.schema.createIndex('ce_entries_ems_number_idx').on('ce_entries').columns(['ems_number', 'revision']).execute();

	await db.schema
		.createTable('ce_certificates')
		.addColumn('ce_entry_id', 'text', (c) => c.primaryKey().references('ce_entries.id'))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('data', 'text', (c) => c.notNull())
		.addColumn('uploaded_by', 'text', (c) => c.notNull())
		.addColumn('uploaded_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('ce_certificates').execute();
	await db.schema.dropTable('ce_entries').execute();
}

import type { Kysely } from 'kysely';

/**
 * A photo of a document sent with a change request (a legal name change: marriage certificate, court order).
 * Stored as base64 text: portable across SQLite and PostgreSQL like every other column here, and small (the
 * device resizes photos to well under 1 MB before sending).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('change_request_documents')
		.addColumn('request_id', 'text', (c) => c.primaryKey().references('change_requests.id'))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('data', 'text', (c) => c.notNull())
		.addColumn('uploaded_by', 'text', (c) => c.notNull())
		.addColumn('uploaded_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('change_request_documents').execute();
}

import { sql, type Kysely } from 'kysely';

/**
 * The office console (issue 13): a credential's status change keeps its day and reason (the verify page says
 * "Revoked on …"), audit events name the person and agency they are about (filters), and indexes for what the
 * office asks all day: the review queue (pending, oldest first), a requester's own requests for the pull, people
 * by name, email and license number over 50,000 people, and the audit log newest first over 1,000,000 events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('credentials').addColumn('status_changed_at', 'text').execute();
	await db.schema.alterTable('credentials').addColumn('status_reason', 'text').execute();
	await db.schema.alterTable('audit_events').addColumn('ems_number', 'text').execute();
	await db.schema.alterTable('audit_events').addColumn('agency_number', 'text').execute();

	await db.schema.createIndex('change_requests_queue_idx').on('change_requests').columns(['status', 'kind', 'requested_at']).execute();
	await db.schema.createIndex('change_requests_requested_by_idx').on('change_requests').columns(['requested_by', 'revision']).execute();

	// Name search is a prefix range on the lowercased name (the same statement on SQLite and PostgreSQL).
	await db.schema.createIndex('persons_last_name_search_idx').on('persons').expression(sql`lower(last_name)`).execute();
	await db.schema.createIndex('persons_first_name_search_idx').on('persons').expression(sql`lower(first_name)`).execute();
	await db.schema.createIndex('persons_email_search_idx').on('persons').expression(sql`lower(email)`).execute();
	await db.schema.createIndex('agencies_name_search_idx').on('agencies').expression(sql`lower(name)`).execute();

	// The log is read newest first in pages (keyset on at, id), optionally narrowed by kind, person or agency.
	await db.schema.createIndex('audit_events_at_id_idx').on('audit_events').columns(['at', 'id']).execute();
	await db.schema.createIndex('audit_events_event_at_idx').on('audit_events').columns(['event', 'at', 'id']).execute();
	await db.schema.createIndex('audit_events_ems_number_at_idx').on('audit_events').columns(['ems_number', 'at', 'id']).execute();
	await db.schema.createIndex('audit_events_agency_number_at_idx').on('audit_events').columns(['agency_number', 'at', 'id']).execute();

	// Reports count credentials by expiry month and status.
	await db.schema.createIndex('credentials_expires_on_idx').on('credentials').columns(['expires_on', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const index of [
		'credentials_expires_on_idx',
		'audit_events_agency_number_at_idx',
		'audit_events_ems_number_at_idx',
		'audit_events_event_at_idx',
		'audit_events_at_id_idx',
		'agencies_name_search_idx',
		'persons_email_search_idx',
		'persons_first_name_search_idx',
		'persons_last_name_search_idx',
		'change_requests_requested_by_idx',
		'change_requests_queue_idx'
	])
		await db.schema.dropIndex(index).execute();
	await db.schema.alterTable('audit_events').dropColumn('agency_number').execute();
	await db.schema.alterTable('audit_events').dropColumn('ems_number').execute();
	await db.schema.alterTable('credentials').dropColumn('status_reason').execute();
	await db.schema.alterTable('credentials').dropColumn('status_changed_at').execute();
}

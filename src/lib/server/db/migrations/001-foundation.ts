import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

	await db.schema
		.createTable('persons')
		.addColumn('ems_number', 'text', (c) => c.primaryKey())
		.addColumn('first_name', 'text', (c) => c.notNull())
		.addColumn('middle_name', 'text')
		.addColumn('last_name', 'text', (c) => c.notNull())
		.addColumn('suffix', 'text')
		.addColumn('date_of_birth', 'text', (c) => c.notNull())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('mobile_phone', 'text')
		.addColumn('home_phone', 'text')
		.addColumn('street', 'text', (c) => c.notNull())
		.addColumn('street2', 'text')
		.addColumn('city', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('zip', 'text', (c) => c.notNull())
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('deleted_at', 'text')
		.execute();

	await db.schema
		.createTable('agencies')
		.addColumn('number', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('parent_number', 'text', (c) => c.references('agencies.number'))
		.addColumn('phone', 'text', (c) => c.notNull())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('street', 'text', (c) => c.notNull())
		.addColumn('street2', 'text')
		.addColumn('city', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('zip', 'text', (c) => c.notNull())
		.addColumn('license_number', 'text', (c) => c.notNull().unique())
		.addColumn('license_expires_on', 'text', (c) => c.notNull())
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('deleted_at', 'text')
		.execute();

	await db.schema
		.createTable('credentials')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('ems_number', 'text', (c) => c.notNull().references('persons.ems_number'))
		.addColumn('level', 'text', (c) => c.notNull())
		.addColumn('number', 'text', (c) => c.notNull().unique())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('issued_on', 'text', (c) => c.notNull())
		.addColumn('expires_on', 'text', (c) => c.notNull())
		.addColumn('nremt_number', 'text')
		.addColumn('nremt_expires_on', 'text')
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('deleted_at', 'text')
		.execute();

	await db.schema
		.createTable('affiliations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('ems_number', 'text', (c) => c.notNull().references('persons.ems_number'))
		.addColumn('agency_number', 'text', (c) => c.notNull().references('agencies.number'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('started_on', 'text', (c) => c.notNull())
		.addColumn('ended_on', 'text')
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('deleted_at', 'text')
		.execute();

	await db.schema
		.createTable('vehicles')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('agency_number', 'text', (c) => c.notNull().references('agencies.number'))
		.addColumn('unit_number', 'text', (c) => c.notNull())
		.addColumn('vin', 'text', (c) => c.notNull())
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('make', 'text', (c) => c.notNull())
		.addColumn('model', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('deleted_at', 'text')
		.execute();

	for (const table of ['persons', 'agencies', 'credentials', 'affiliations', 'vehicles']) {
		await db.schema.createIndex(`${table}_revision_idx`).on(table).column('revision').execute();
	}
	await db.schema.createIndex('credentials_ems_number_idx').on('credentials').column('ems_number').execute();
	await db.schema.createIndex('affiliations_ems_number_idx').on('affiliations').column('ems_number').execute();
	await db.schema.createIndex('affiliations_agency_number_idx').on('affiliations').columns(['agency_number', 'revision']).execute();
	await db.schema.createIndex('vehicles_agency_number_idx').on('vehicles').columns(['agency_number', 'revision']).execute();
	await db.schema.createIndex('persons_email_idx').on('persons').column('email').execute();

	await db.schema
		.createTable('accounts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('ems_number', 'text', (c) => c.unique().references('persons.ems_number'))
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('password_changed_at', 'text')
		.execute();

	await db.schema
		.createTable('messages')
		.addColumn('id', isPostgres ? 'serial' : 'integer', (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
		.addColumn('to', 'text', (c) => c.notNull())
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('counters')
		.addColumn('name', 'text', (c) => c.primaryKey())
		.addColumn('value', 'integer', (c) => c.notNull())
		.execute();
	await sql`insert into counters (name, value) values ('revision', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const t of ['counters', 'messages', 'accounts', 'vehicles', 'affiliations', 'credentials', 'agencies', 'persons']) {
		await db.schema.dropTable(t).execute();
	}
}

import { sql, type Insertable } from 'kysely';
import { hashPassword } from '../auth/password';
import type { Db } from '../db';
import { reserveRevisions } from '../db/revision';
import type { Database } from '../db/schema';
import { RefusedToStart, runtimeMode } from '../runtime-mode';
import { DEMO_LOGINS } from './demo-logins';
import { demoCeEntries } from './ce-entries';
import { generateDemoData, type DemoData } from './generator';

export { DEMO_LOGINS, type DemoLogin } from './demo-logins';

/** The demo is "as of" this day, so the same dates (and the same expiring licences) appear on every machine. */
export const DEMO_REFERENCE_DATE = '2026-11-01';

/**
 * Fills an empty database with the demo registry and returns true; leaves a database that already holds
 * people or accounts alone and returns false. Safe when several server processes start at once.
 */
export async function loadDemoDataIfEmpty(db: Db, demo?: DemoData): Promise<boolean> {
	// Demo accounts have passwords published in the README: never on a server that real people use (decision 018).
	const mode = runtimeMode();
	if (mode.realUse) throw new RefusedToStart(`Refusing to load demo data: ${mode.reason}, so this server is configured for real use.`);
	// Every server process calls this at start; once the demo is in, it must cost one query, not a generated
	// registry and three password hashes (~19 MiB of native memory each) held in every process's footprint.
	if (!(await isEmpty(db))) return false;
	const data = demo ?? generateDemoData({ today: DEMO_REFERENCE_DATE });
	// One at a time: each hash takes 19 MiB while it runs, and the allocator keeps what the peak needed.
	const hashes = new Map<string, string>();
	for (const login of DEMO_LOGINS) if (login.password !== null) hashes.set(login.email, await hashPassword(login.password));
	const now = new Date().toISOString();
	const ce = demoCeEntries(data, DEMO_REFERENCE_DATE);
	const synced = data.persons.length + data.credentials.length + data.agencies.length + data.affiliations.length + data.vehicles.length + ce.entries.length;

	return db.transaction().execute(async (trx) => {
		// Taking the revision counter first locks it until commit, so a second loader waits here and then sees
		// the rows this one wrote; on SQLite it makes this the writing transaction before anything is read.
		let revision = await reserveRevisions(trx, synced);
		if (!(await isEmpty(trx))) {
			// Throwing rolls back the reservation; the caller only learns nothing was loaded.
			throw new AlreadyLoaded();
		}
		const stamp = () => ({ revision: revision++, updatedAt: now, deletedAt: null });

		await insertInBatches(
			trx,
			'persons',
			data.persons.map(({ mailingAddress, ...p }) => ({ ...p, ...mailingAddress, ...stamp() }))
		);
		await insertInBatches(
			trx,
			'agencies',
			data.agencies.map(({ address, ...a }) => ({ ...a, ...address, ...stamp() }))
		);
		await insertInBatches(trx, 'credentials', data.credentials.map((c) => ({ ...c, ...stamp() })));
		await insertInBatches(trx, 'affiliations', data.affiliations.map((a) => ({ ...a, ...stamp() })));
		await insertInBatches(trx, 'vehicles', data.vehicles.map((v) => ({ ...v, ...stamp() })));
		await insertInBatches(
			trx,
			'accounts',
			data.accounts.map((a) => {
				const passwordHash = hashes.get(a.email) ?? null;
				return { ...a, passwordHash, createdAt: now, passwordChangedAt: passwordHash ? now : null };
			})
		);
		await insertInBatches(trx, 'ceEntries', ce.entries.map((e) => ({ ...e, ...stamp() })));
		await insertInBatches(trx, 'ceCertificates', ce.certificates);
		return true;
	}).catch((e: unknown) => {
		if (e instanceof AlreadyLoaded) return false;
		throw e;
	});
}

class AlreadyLoaded extends Error {}

async function isEmpty(trx: Db): Promise<boolean> {
	const { rows } = await sql<{ found: number }>`
		select 1 as found from persons union all select 1 as found from accounts limit 1`.execute(trx);
	return rows.length === 0;
}

/**
 * Multi-row inserts keep the load to a few dozen statements. A batch of ~5,000 parameters stays well under the
 * bound-parameter limits (SQLite 32,766, PostgreSQL 65,535) and keeps each statement's SQL text and parameter
 * array small, so loading does not leave the server's heap grown for the rest of its life.
 */
async function insertInBatches<T extends keyof Database & string>(
	trx: Db,
	table: T,
	rows: readonly Insertable<Database[T]>[]
): Promise<void> {
	if (rows.length === 0) return;
	const perRow = Object.keys(rows[0] as object).length;
	const size = Math.max(1, Math.floor(5_000 / perRow));
	for (let i = 0; i < rows.length; i += size) {
		// Kysely's insert type cannot follow a table name chosen at run time; `rows` is already typed per table.
		await trx
			.insertInto(table)
			.values(rows.slice(i, i + size) as never)
			.execute();
	}
}

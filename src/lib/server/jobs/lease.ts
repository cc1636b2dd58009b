import type { Db } from '../db';

/**
 * A lease on a named job, held in the database (job_leases, migration 013), so that of several server processes
 * sharing one database only one runs the job at a time (decision 040). Taking it is one upsert that succeeds only
 * when there is no row, the row's lease has expired, or the caller already holds it; SQLite and PostgreSQL both
 * decide that inside the one statement, so two processes asking at once cannot both get it. A holder that dies
 * keeps the job only until its lease expires.
 */
export async function takeLease(db: Db, name: string, holder: string, now: Date, leaseMs: number): Promise<boolean> {
	const at = now.toISOString();
	const until = new Date(now.getTime() + leaseMs).toISOString();
	const result = await db
		.insertInto('jobLeases')
		.values({ name, holder, expiresAt: until, lastRunAt: null })
		.onConflict((oc) =>
			oc
				.column('name')
				.doUpdateSet({ holder, expiresAt: until })
				.where((eb) => eb.or([eb('jobLeases.expiresAt', '<=', at), eb('jobLeases.holder', '=', holder)]))
		)
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Notes when the holder last finished the job, so operators can see it runs (`select * from job_leases`). */
export async function noteRun(db: Db, name: string, holder: string, now: Date): Promise<void> {
	await db.updateTable('jobLeases').set({ lastRunAt: now.toISOString() }).where('name', '=', name).where('holder', '=', holder).execute();
}

/** Gives the lease up (if still held by `holder`), so the next process to ask gets it at once. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
	await db.updateTable('jobLeases').set({ expiresAt: new Date(0).toISOString() }).where('name', '=', name).where('holder', '=', holder).execute();
}

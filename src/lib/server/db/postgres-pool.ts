import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * The pool Kysely's PostgreSQL dialect uses, with each single data statement sent as a named prepared statement.
 * node-postgres otherwise sends every query unnamed, so PostgreSQL plans it again each time: under the sync
 * throughput bench, planning the pull's one UNION query took 1.2 ms against 0.3 ms to run it, and PostgreSQL's CPU
 * was what limited requests per second. Named, a statement is parsed once per connection, and after a few runs
 * PostgreSQL may keep a generic plan. The name is a hash of the SQL text (values are bound at each run); DDL,
 * transaction control and anything not a single select/insert/update/delete stay unnamed.
 */

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

const nameOf = (sql: string) => `k${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;

export function preparingPool(pool: pg.Pool): PostgresPool {
	const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
	// Connections whose prepared statements went stale after a migration elsewhere; closed when released.
	const stale = new WeakSet<pg.PoolClient>();
	const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
		query: ((sqlOrCursor: unknown, parameters?: readonly unknown[]) => {
			if (typeof sqlOrCursor === 'string' && PREPARABLE.test(sqlOrCursor) && !sqlOrCursor.includes(';')) {
				const values = parameters as unknown[];
				const name = nameOf(sqlOrCursor);
				return client.query({ name, text: sqlOrCursor, values }).catch(async (error: { code?: string }) => {
					// Another process migrated a table this statement reads: PostgreSQL refuses the prepared plan
					// (0A000, "cached plan must not change result type"). Answer unprepared now, and retire the
					// connection on release so its stale statements go with it.
					if (error.code !== '0A000') throw error;
					stale.add(client);
					return client.query(sqlOrCursor, values);
				});
			}
			return client.query(sqlOrCursor as string, parameters as unknown[]);
		}) as unknown as PostgresPoolClient['query'],
		release: (destroy?: boolean) => client.release(destroy || stale.has(client))
	});
	return {
		async connect() {
			const client = await pool.connect();
			let w = wrapped.get(client);
			if (!w) wrapped.set(client, (w = wrap(client)));
			return w;
		},
		end: () => pool.end()
	};
}

/**
 * Whether a failed statement says the database or the connection is in trouble (it was lost, a deadlock or a
 * serialisation failure chose this transaction, the disk is full, SQLite is busy) rather than that this statement
 * cannot succeed (a constraint, a bad value, a bug). The first kind passes: the same work succeeds when tried
 * again later. The second comes back every time, so a caller that retries must stop trying that work.
 */

// SQLSTATE classes: 08 connection, 40 transaction rollback (deadlock, serialisation), 53 insufficient resources,
// 55 object not in prerequisite state (lock not available), 57 operator intervention (cancel, shutdown),
// 58 system error, XX internal error.
const POSTGRES_PASSING = /^(08|40|53|55|57|58|XX)[0-9A-Z]{3}$/;
const SQLITE_PASSING = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|INTERRUPT|CANTOPEN|PROTOCOL|READONLY|CORRUPT|NOTADB)/;
// Node's system errors (ECONNRESET, EPIPE, ETIMEDOUT…) when the socket to PostgreSQL breaks, and node-postgres's
// own words for a connection that ended (it gives them no code).
const SYSTEM = /^E[A-Z]+$/;
const CONNECTION_ENDED = /Connection terminated|is not queryable/;

export function isPassingDatabaseFailure(error: unknown): boolean {
	const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
	if (typeof message === 'string' && CONNECTION_ENDED.test(message)) return true;
	if (typeof code !== 'string') return false;
	return POSTGRES_PASSING.test(code) || SQLITE_PASSING.test(code) || SYSTEM.test(code);
}

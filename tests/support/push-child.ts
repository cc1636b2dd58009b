// A separate process that applies one push and is killed mid-way by tests/server/sync-crash.spec.ts.
// argv: database location (postgres:// URL or SQLite path), then the push as JSON; the user is the licensee
// whose EMS # the first mutation names. Each applied mutation waits 1 ms so the kill lands inside the push.
import { openDatabase } from '../../src/lib/server/db';
import { push } from '../../src/lib/server/sync/push';
import type { PushRequest } from '../../src/lib/domain/sync-protocol';

const [location, json] = process.argv.slice(2) as [string, string];
const request = JSON.parse(json) as PushRequest;
const ems = request.mutations[0]!.id;
const { db } = openDatabase(location.startsWith('postgres') ? { url: location } : { sqlitePath: location });
const pause = new Int32Array(new SharedArrayBuffer(4));
// Said once the first mutation is applied, not before connecting: on a loaded machine connecting to PostgreSQL
// alone can outlast the kill's delay, and no kill would land inside the push.
let started = false;
await push(db, { accountId: `acct-${ems}`, role: 'licensee', emsNumber: ems, email: `p${ems}@example.org`, leaderOf: [] }, request, {
	chunkSize: 10,
	afterEach: () => {
		if (!started) process.stdout.write('started\n');
		started = true;
		Atomics.wait(pause, 0, 0, 1);
	}
});
process.stdout.write('finished\n');
await db.destroy();

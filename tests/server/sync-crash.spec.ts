import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/lib/domain/sync-protocol';
import { push } from '../../src/lib/server/sync/push';
import { currentRevision } from '../../src/lib/server/sync/pull';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, seedPerson } from '../support/sync-seed';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

/** Runs a push in a child process and kills it (SIGKILL) `afterMs` after it starts applying. */
function pushAndKill(clientId: string, mutations: Mutation[], afterMs: number): Promise<'killed' | 'finished'> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/push-child.ts', t.location, JSON.stringify({ clientId, mutations })], {
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('started')) setTimeout(() => child.kill('SIGKILL'), afterMs);
		});
		child.on('error', reject);
		child.on('exit', () => resolve(output.includes('finished') ? 'finished' : 'killed'));
	});
}

describe('push: a server process killed mid-request', () => {
	it('leaves every mutation applied exactly once after the device resends (20 kills)', async () => {
		const n = 60;
		let midway = 0;
		for (let run = 0; run < 20; run++) {
			const ems = String(400000 + run);
			const p = await seedPerson(t.db, ems);
			const clientId = crypto.randomUUID();
			const mutations: Mutation[] = Array.from({ length: n }, (_, i) => ({
				seq: i + 1,
				table: 'persons',
				id: ems,
				op: 'update',
				baseRevision: p.revision,
				changes: { street: `${i + 1} Crash Ave` }
			}));
			const start = await currentRevision(t.db);
			await pushAndKill(clientId, mutations, 5 + Math.random() * 60);
			const applied = (await t.db.selectFrom('syncMutations').select('sequence').where('clientId', '=', clientId).execute()).length;
			if (applied > 0 && applied < n) midway++;
			// Whole chunks only: a killed transaction leaves nothing behind.
			expect(applied % 10 === 0 || applied === n).toBe(true);

			// The device did not get an answer, so it sends everything again.
			const response = await push(t.db, licensee(ems), { clientId, mutations });
			expect(response.results.map((r) => r.status)).toEqual(Array(n).fill('applied'));
			const log = await t.db.selectFrom('syncMutations').select('sequence').where('clientId', '=', clientId).execute();
			expect(log).toHaveLength(n);
			expect((await currentRevision(t.db)) - start).toBe(n);
			const row = await t.db.selectFrom('persons').select('street').where('emsNumber', '=', ems).executeTakeFirstOrThrow();
			expect(row.street).toBe(`${n} Crash Ave`);
		}
		expect(midway).toBeGreaterThan(0);
	}, 120_000);
});

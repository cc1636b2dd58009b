// 500 queued contact/vehicle mutations pushed as the device does (batches of 250). Budget: ≤ 1 s.
import { AGENCY, databases, freshDatabase, seedRoster, startSyncServer } from '../../lib/sync-bench-harness.mjs';

const BUDGET_MS = 1000;
const QUEUED = 500;
const BATCH = 250;

/** @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure() {
	const rows = [];
	for (const { label, url } of databases()) {
		const db = await freshDatabase(url);
		try {
			await seedRoster(db.db);
			const vehicles = await db.db.selectFrom('vehicles').select(['id', 'revision']).where('agencyNumber', '=', AGENCY).execute();
			const agency = await db.db.selectFrom('agencies').select('revision').where('number', '=', AGENCY).executeTakeFirstOrThrow();
			const me = await db.db.selectFrom('persons').select('revision').where('emsNumber', '=', '900000').executeTakeFirstOrThrow();
			const server = await startSyncServer(db.db);
			try {
				const mutations = Array.from({ length: QUEUED }, (_, i) => {
					const seq = i + 1;
					if (i % 5 === 0) return { seq, table: 'persons', id: '900000', op: 'update', baseRevision: me.revision, changes: { street: `${i} Oak Ave` } };
					if (i % 5 === 1) return { seq, table: 'agencies', id: AGENCY, op: 'update', baseRevision: agency.revision, changes: { phone: `70155${String(10000 + i).slice(-5)}` } };
					const v = vehicles[i % vehicles.length];
					return { seq, table: 'vehicles', id: v.id, op: 'update', baseRevision: v.revision, changes: { unitNumber: `Medic ${i}`, status: i % 2 ? 'in_service' : 'out_of_service' } };
				});
				const clientId = crypto.randomUUID();
				const started = performance.now();
				let applied = 0;
				for (let i = 0; i < mutations.length; i += BATCH) {
					const res = await fetch(`${server.url}/api/sync/push`, {
						method: 'POST',
						headers: { 'content-type': 'application/json', 'x-bench-user': 'leader' },
						body: JSON.stringify({ clientId, mutations: mutations.slice(i, i + BATCH) })
					});
					const body = await res.json();
					applied += body.results.filter((r) => r.status === 'applied').length;
				}
				const ms = performance.now() - started;
				if (applied !== QUEUED) throw new Error(`push applied ${applied} of ${QUEUED} mutations`);
				rows.push({ metric: `sync push of ${QUEUED} queued mutations (${label})`, value: ms, unit: 'ms', budget: { max: BUDGET_MS } });
			} finally {
				await server.close();
			}
		} finally {
			await db.dispose();
		}
	}
	return rows;
}

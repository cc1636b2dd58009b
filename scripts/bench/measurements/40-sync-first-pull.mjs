// First pull of a squad leader's roster (2,000 members + 200 vehicles) from cursor 0, page by page over HTTP,
// parsed as the device parses it. Budget (DESIGN.md §6): ≤ 1.5 s end to end.
import { ROSTER_SIZE, VEHICLES, databases, freshDatabase, seedRoster, startSyncServer } from '../../lib/sync-bench-harness.mjs';

const BUDGET_MS = 1500;

/** @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure() {
	const rows = [];
	for (const { label, url } of databases()) {
		const db = await freshDatabase(url);
		try {
			await seedRoster(db.db);
			const server = await startSyncServer(db.db);
			try {
				const run = async () => {
					const started = performance.now();
					let cursor = 0;
					let count = 0;
					for (;;) {
						const res = await fetch(`${server.url}/api/sync/pull?cursor=${cursor}&limit=1000`, { headers: { 'x-bench-user': 'leader' } });
						const page = await res.json();
						count += Object.values(page.rows).reduce((n, r) => n + r.length, 0);
						cursor = page.cursor;
						if (!page.more) break;
					}
					return { ms: performance.now() - started, count };
				};
				await run(); // warm the server (first queries compile and fill caches)
				const { ms, count } = await run();
				const expected = ROSTER_SIZE + 1 + (ROSTER_SIZE + 1) + 1 + VEHICLES + 1; // persons, affiliations, agency, vehicles, own credential
				if (count !== expected) throw new Error(`first pull returned ${count} rows, expected ${expected}`);
				rows.push({ metric: `sync first pull, ${ROSTER_SIZE} members + ${VEHICLES} vehicles (${label})`, value: ms, unit: 'ms', budget: { max: BUDGET_MS } });
			} finally {
				await server.close();
			}
		} finally {
			await db.dispose();
		}
	}
	return rows;
}

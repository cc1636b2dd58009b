// 500 queued mutations pushed, end to end in Chromium: the large agency's squad leader, synced on a fresh device,
// goes offline and makes 500 edits through the app's outbox API (src/lib/client/outbox.ts: 200 vehicle edits and
// 300 new vehicles, each its own outbox entry); the browser comes back online and the app pushes them (batches of
// up to 500, the server's limit) on its own. Measured on the page's clock from the `online` event until the sync indicator shows
// "All changes saved" (the outbox is empty: every mutation has the server's answer); then the server's database
// is checked for 500 applied mutations from this device. Median of three rounds on one device. Budget: ≤ 0.3 s (issue 16).
import { LARGE_AGENCY, largeAgencyLeader } from '../databases.mjs';
import { deviceCounts, deviceOutboxSource, signIn, statusAt, syncLog, waitForStatus, watchSyncIndicator } from '../device.mjs';

// DESIGN.md §6 says ≤ 1 s with a goal of 0.3 s; issue 16 made the goal the bar, so the row is judged by it.
const BUDGET_MS = 300;
const QUEUED = 500;
const EDITS = 200;
const ROUNDS = 3;

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** In the page: queues `edits` vehicle edits and `queued - edits` new vehicles through the outbox API; returns the client id. */
function queueEdits({ agency, queued, edits, round }) {
	const { clientIdFor, deviceDb, getMeta, upsertVehicle, vinCheckDigit } = window.benchOutbox;
	return (async () => {
		const db = deviceDb();
		const vehicles = (await db.vehicles.where('agencyNumber').equals(agency).sortBy('id')).slice(0, edits);
		if (vehicles.length < edits) throw new Error(`only ${vehicles.length} vehicles on the device`);
		for (const [i, v] of vehicles.entries()) {
			// Out of service needs its date and reason, a return to service clears them (vehicle.ts): a valid edit either way.
			const status = v.status === 'in_service' ? { status: 'out_of_service', outOfServiceOn: '2026-01-15', outOfServiceReason: 'Bench' } : { status: 'in_service', outOfServiceOn: null, outOfServiceReason: null };
			await upsertVehicle({ id: v.id, unitNumber: `Bench ${round}-${i}`, ...status });
		}
		for (let i = 0; i < queued - edits; i++) {
			const draft = `1FDXE4FS0R${String.fromCharCode(65 + round)}${String(Date.now() % 1_000_000 + i * 7).padStart(6, '0')}`.slice(0, 17);
			const vin = draft.slice(0, 8) + vinCheckDigit(draft) + draft.slice(9);
			await upsertVehicle({ agencyNumber: agency, unitNumber: `New ${round}-${i}`, vin, year: 2024, make: 'Ford', model: 'E-450', type: 'type_iii_ambulance', status: 'in_service' });
		}
		// The device's id for the signed-in account: each account has its own (decision 015).
		return clientIdFor(db, await getMeta(db, 'accountId'));
	})();
}

async function pushRounds(browser, baseURL, leader, db) {
	const context = await browser.newContext({ baseURL });
	try {
		await context.addInitScript(watchSyncIndicator);
		const page = await context.newPage();
		await signIn(page, leader);
		await waitForStatus(page, 'Last synced');
		await page.evaluate(await deviceOutboxSource());
		const times = [];
		for (let round = 0; round < ROUNDS; round++) {
			await context.setOffline(true);
			await waitForStatus(page, 'Offline');
			const clientId = await page.evaluate(queueEdits, { agency: LARGE_AGENCY, queued: QUEUED, edits: EDITS, round });
			const { outbox } = await deviceCounts(page, LARGE_AGENCY);
			if (outbox !== QUEUED) throw new Error(`the outbox holds ${outbox} entries, expected ${QUEUED}`);
			await page.evaluate(() => (window.__benchSync.onlineAt = null));
			await context.setOffline(false);
			await page.waitForFunction(() => window.__benchSync.onlineAt !== null);
			const onlineAt = await page.evaluate(() => window.__benchSync.onlineAt);
			// The edits were written by this bench's own copy of the outbox module, which the page's indicator hears of
			// only when the page itself next touches the database (its sync does, after asking who is signed in):
			// until then it still says "All changes saved". Done is the first "All changes saved" after it saw them.
			await waitForStatus(page, 'waiting to sync', { since: onlineAt });
			const seenAt = statusAt(await syncLog(page), 'waiting to sync', onlineAt);
			await waitForStatus(page, 'All changes saved', { since: seenAt });
			const doneAt = statusAt(await syncLog(page), 'All changes saved', seenAt);
			const left = (await deviceCounts(page, LARGE_AGENCY)).outbox;
			if (left !== 0) throw new Error(`${left} mutations still in the outbox after the push`);
			const applied = await db
				.selectFrom('syncMutations')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('clientId', '=', clientId)
				.where('status', '=', 'applied')
				.executeTakeFirstOrThrow();
			if (Number(applied.n) !== QUEUED * (round + 1)) throw new Error(`the server applied ${applied.n} mutations from this device, expected ${QUEUED * (round + 1)}`);
			times.push(doneAt - onlineAt);
			// Let the pull that follows the push finish before the next round.
			await waitForStatus(page, 'Last synced', { since: doneAt });
		}
		return times;
	} finally {
		await context.close();
	}
}

/** @param {import('../context.mjs').BenchContext} ctx @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure(ctx) {
	const browser = await ctx.browser();
	const rows = [];
	for (const { label, baseURL, db } of await ctx.databases()) {
		const times = await pushRounds(browser, baseURL, await largeAgencyLeader(db), db);
		rows.push({ metric: `sync push of ${QUEUED} queued mutations in Chromium (${label}, median of ${ROUNDS})`, value: median(times), unit: 'ms', budget: { max: BUDGET_MS } });
	}
	return rows;
}

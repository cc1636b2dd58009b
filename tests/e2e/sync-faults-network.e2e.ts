import { expect, test, type Route } from '@playwright/test';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, syncStatus } from './support/sync';
import { addCeEntry, allSaved, expectAppliedOnce, LEADER, openCeLog } from './support/faults';

/**
 * Fault gate (issue 15 item 3, decision 048): the network cut 100 times during a stream of edits. Each round adds
 * a CE entry offline (by the form's labels), comes back online — which starts a push — and cuts the network again
 * at a chosen point of that push: after the server applied it but before the answer arrives (the device must
 * resend, the server must recognise the resend), before it reaches the server, or after the answer (mid-pull).
 * The cut waits for the push to be seen (a route on the context, which also sees the service worker's Background
 * Sync), never for a time. At the end every entry is on the server exactly once and the device says so.
 */
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 100);
const CUTS = ['after the server applied it', 'before it reached the server', 'after the answer'] as const;

test(`the network cut ${ROUNDS} times during a stream of CE entries: each entry reaches the server exactly once`, async ({ page, context }) => {
	test.setTimeout(60_000 + ROUNDS * 2_000);
	await logIn(page, LEADER);
	await openCeLog(page);
	// Offline work needs the app's code cached: the form loads its field rules with the first save.
	await waitForServiceWorkerControl(page);
	await openCeLog(page);
	await expect(syncStatus(page)).toContainText('All changes saved');

	const run = Math.random().toString(36).slice(2, 7);
	const titles: string[] = [];
	const cutsMade = new Map<string, number>(CUTS.map((c) => [c, 0]));
	// The round's cut, armed once the network is back; the first push that arrives takes it.
	let armed: { cut: (typeof CUTS)[number]; done: () => void } | null = null;
	await context.route('**/api/sync/push', async (route: Route) => {
		const fault = armed;
		armed = null;
		if (!fault) return route.continue();
		if (fault.cut === 'before it reached the server') {
			await context.setOffline(true);
			await route.abort('internetdisconnected');
		} else if (fault.cut === 'after the server applied it') {
			const answer = await route.fetch();
			await context.setOffline(true);
			await route.abort('internetdisconnected');
			expect(answer.status()).toBe(200);
		} else {
			await route.fulfill({ response: await route.fetch() });
			await context.setOffline(true);
		}
		cutsMade.set(fault.cut, cutsMade.get(fault.cut)! + 1);
		fault.done();
	});

	await context.setOffline(true);
	for (let round = 0; round < ROUNDS; round++) {
		await expect(syncStatus(page)).toContainText('Offline — changes are kept on this device');
		const title = `Fault drill ${run} ${round + 1}`;
		titles.push(title);
		await addCeEntry(page, title);
		const cut = new Promise<void>((done) => (armed = { cut: CUTS[round % CUTS.length]!, done }));
		await context.setOffline(false);
		await cut;
	}
	await context.unroute('**/api/sync/push');
	await context.setOffline(false);
	await allSaved(page);
	await expect(page.getByRole('region', { name: 'Your log' })).toContainText(titles.at(-1)!);
	expectAppliedOnce(titles);
	console.log(`sync-faults-network: ${ROUNDS} offline/online rounds survived (${[...cutsMade].map(([c, n]) => `${n} cut ${c}`).join(', ')})`);
});

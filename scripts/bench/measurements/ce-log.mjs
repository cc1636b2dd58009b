// CE log rows (issue 11), all in Chromium with the app's own code:
// - CE page open with 200 entries to first paint: 200 more entries in 100002's device log (written to the device
//   database directly), then the page reloaded offline (served by the service worker) until its log says how many
//   entries it lists and the progress bars are drawn; measured from Node around page.reload(), median of 5. Budget
//   200 ms. Offline, like the offline-reload rows: online, the load also waits for the session check's round trip
//   and shares the CPU with the sync that starts; that number is reported beside it.
// - evaluateRecert over 200 entries, in the page: median of 200 runs after 50 warm-up runs. Budget 2 ms.
// - A 4000×3000 camera photo (JPEG made in the page beforehand) through prepareCertificate (shrunk to a JPEG under
//   450 KB) and stored in ceAttachments, median of 3. Budget 1.5 s.
import { resolve } from 'node:path';
import { waitForServiceWorkerControl } from '../chromium.mjs';
import { signInAsParamedic } from '../sign-in.mjs';

const ENTRIES = 200;
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

let source = null;
function ceDeviceSource() {
	source ??= (async () => {
		const { build } = await import('vite');
		const out = await build({
			configFile: false,
			logLevel: 'warn',
			resolve: { alias: { $lib: resolve('src/lib') } },
			build: { write: false, minify: false, lib: { entry: resolve('scripts/bench/ce-device.ts'), formats: ['iife'], name: 'benchCe' } }
		});
		return `${(Array.isArray(out) ? out[0] : out).output[0].code}\nwindow.benchCe = benchCe;`;
	})();
	return source;
}

/** In the page: `n` plausible entries spread over the cycle and the components. */
function makeEntries({ n, emsNumber }) {
	const topics = ['airway', 'cardiovascular', 'trauma', 'medical', 'operations'];
	const components = ['national', 'national', 'local', 'individual'];
	return Array.from({ length: n }, (_, i) => {
		const component = components[i % components.length];
		const day = new Date(Date.UTC(2025, 3, 1) + (i % 540) * 86_400_000).toISOString().slice(0, 10);
		return {
			id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			emsNumber,
			title: `Bench course ${i}`,
			provider: 'Bench provider',
			completedOn: day,
			hours: 0.25 * (1 + (i % 16)),
			format: i % 5 === 0 ? 'F3' : 'F1',
			component,
			topic: component === 'national' ? topics[i % topics.length] : null,
			pediatric: i % 7 === 0 ? 1 : 0,
			courseNumber: i % 3 === 0 ? `BENCH-${i % 50}` : null,
			certificate: null,
			revision: 1
		};
	});
}

/** @param {import('../context.mjs').BenchContext} ctx */
export async function measure(ctx) {
	const browser = await ctx.browser();
	const context = await browser.newContext({ baseURL: ctx.baseURL });
	try {
		const page = await context.newPage();
		await signInAsParamedic(page, ctx.baseURL);
		await page.goto('/continuing-education');
		await waitForServiceWorkerControl(page);
		const listed = page.getByText(/^\d+ entries, newest first\.$/);
		await listed.waitFor();
		await page.evaluate(await ceDeviceSource());

		// evaluateRecert over 200 entries.
		const evaluateMs = await page.evaluate((n) => {
			const entries = Array.from({ length: n }, (_, i) => ({
				id: `e${i}`,
				title: `Course ${i % 150}`,
				provider: 'P',
				completedOn: new Date(Date.UTC(2025, 3, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10),
				hours: 0.25 * (1 + (i % 16)),
				format: i % 5 === 0 ? 'F3' : 'F1',
				component: ['national', 'national', 'local', 'individual'][i % 4],
				topic: ['airway', 'cardiovascular', 'trauma', 'medical', 'operations'][i % 5],
				pediatric: i % 7 === 0,
				courseNumber: i % 3 === 0 ? `C-${i % 40}` : null
			}));
			const input = { level: 'Paramedic', cycleStart: '2025-04-01', cycleEnd: '2027-03-31', entries };
			for (let i = 0; i < 50; i++) window.benchCe.evaluateRecert(input);
			const times = [];
			for (let i = 0; i < 200; i++) {
				const t0 = performance.now();
				window.benchCe.evaluateRecert(input);
				times.push(performance.now() - t0);
			}
			return times.sort((a, b) => a - b)[times.length >> 1];
		}, ENTRIES);

		// Photo of 4000×3000 shrunk and stored.
		const photoTimes = await page.evaluate(async () => {
			const canvas = document.createElement('canvas');
			canvas.width = 4000;
			canvas.height = 3000;
			const g = canvas.getContext('2d');
			// Detail like a photo of paper (noise and lines), so JPEG cannot compress it to nothing.
			const noise = g.createImageData(4000, 3000);
			for (let i = 0; i < noise.data.length; i += 4) {
				const v = 200 + ((i * 2654435761) >>> 26);
				noise.data.set([v, v - 5, v - 12, 255], i);
			}
			g.putImageData(noise, 0, 0);
			g.fillStyle = '#223';
			for (let y = 300; y < 2800; y += 90) g.fillRect(300, y, 3400, 18);
			const blob = await new Promise((done) => canvas.toBlob(done, 'image/jpeg', 0.92));
			const file = new File([blob], 'IMG_4000x3000.jpg', { type: 'image/jpeg' });
			const db = window.benchCe.deviceDb();
			const times = [];
			for (let i = 0; i < 3; i++) {
				const t0 = performance.now();
				const prepared = await window.benchCe.prepareCertificate(file);
				await db.ceAttachments.add({ id: crypto.randomUUID(), ceEntryId: `bench-${i}`, ...prepared, accountId: null, uploadedAt: 'bench', refused: null });
				times.push(performance.now() - t0);
				if (prepared.blob.size > 450_000) throw new Error(`photo not shrunk: ${prepared.blob.size} bytes`);
			}
			await db.ceAttachments.where('ceEntryId').startsWith('bench-').delete();
			return { times, sourceBytes: file.size };
		});

		const reloadTimes = async (ready) => {
			const times = [];
			for (let i = 0; i < 5; i++) {
				const started = performance.now();
				const response = await page.reload({ waitUntil: 'commit' });
				await ready.waitFor();
				await page.getByRole('progressbar', { name: 'Trauma', exact: true }).waitFor();
				times.push(performance.now() - started);
				if (!response?.fromServiceWorker()) throw new Error('the CE page was not served by the service worker');
			}
			return times;
		};
		// For comparison: the same page with only the demo's 9 entries, offline.
		await page.context().setOffline(true);
		const demoTimes = await reloadTimes(listed);
		await page.context().setOffline(false);
		await page.evaluate(await ceDeviceSource());

		// CE page with 200 more entries, reloaded.
		await page.evaluate(
			async ({ rows }) => {
				await window.benchCe.deviceDb().ceEntries.bulkPut(rows);
			},
			{ rows: await page.evaluate(makeEntries, { n: ENTRIES, emsNumber: '100002' }) }
		);
		const expected = page.getByText(new RegExp(`^${ENTRIES + 9} entries, newest first\\.$`));
		await expected.waitFor();
		const onlineTimes = await reloadTimes(expected);
		// Offline: the page's own work, without the session check's round trip and the sync that starts beside it.
		await page.context().setOffline(true);
		const openTimes = await reloadTimes(expected);
		await page.context().setOffline(false);
		// The reloads dropped the bench's copy of the modules: load it again to clean up.
		await page.evaluate(await ceDeviceSource());
		await page.evaluate(() => window.benchCe.deviceDb().ceEntries.where('id').startsWith('00000000-0000-4000-8000-').delete());

		return [
			{ metric: `CE page open with ${ENTRIES} entries to first paint, offline (median of 5)`, value: median(openTimes), unit: 'ms', budget: { max: 200 } },
			{ metric: `CE page open with ${ENTRIES} entries, online (session check and sync beside it; median of 5)`, value: median(onlineTimes), unit: 'ms' },
			{ metric: 'CE page open with the demo’s 9 entries, offline (median of 5, for comparison)', value: median(demoTimes), unit: 'ms' },
			{ metric: `evaluateRecert over ${ENTRIES} entries (median of 200)`, value: Math.round(evaluateMs * 1000) / 1000, unit: 'ms', budget: { max: 2 } },
			{ metric: 'photo 4000×3000 shrunk and stored (median of 3)', value: Math.round(median(photoTimes.times)), unit: 'ms', budget: { max: 1500 } }
		];
	} finally {
		await context.close();
	}
}

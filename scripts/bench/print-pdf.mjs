// Print License budgets: the lazy PDF chunk's size (from the build) and "Print" click → PDF downloaded, warm,
// measured in Chromium against the built server through the real, signed-in page. Rows are { metric, value, unit, budget: { max }, ok }: the
// bench harness's row shape (scripts/bench/table.mjs on main) plus the verdict, so it also runs on its own:
// `node scripts/bench/print-pdf.mjs`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from './chromium.mjs';

const CLIENT = resolve('.svelte-kit', 'output', 'client');
// The print pages' dynamic imports. When one also imports the other statically, Rollup keys the shared module
// by chunk name ('_<hash>.js', name 'license-pdf') instead of by source path.
const PDF_ENTRIES = { 'license-pdf': 'src/lib/client/pdf/license-pdf.ts', 'agency-license': 'src/lib/client/pdf/agency-license.ts' };

function manifest() {
	const file = join(CLIENT, '.vite', 'manifest.json');
	if (!existsSync(file)) throw new Error('No build manifest: run `npx vite build` first.');
	return JSON.parse(readFileSync(file, 'utf8'));
}

/** Files a manifest entry loads before it runs (static imports, transitively). */
function staticClosure(m, key, seen = new Set()) {
	if (seen.has(key) || !m[key]) return seen;
	seen.add(key);
	for (const dep of m[key].imports ?? []) staticClosure(m, dep, seen);
	return seen;
}

const gzip = (file) => gzipSync(readFileSync(join(CLIENT, file)), { level: 9 }).length;

// Strings only jsPDF's and qrcode's code contain; chunk names are hashes, so content says where they ended up.
const PDF_LIBRARY_MARKERS = ['jsPDF', 'Unknown EC Level'];
const holdsPdfLibrary = (file) => PDF_LIBRARY_MARKERS.some((marker) => readFileSync(join(CLIENT, file), 'utf8').includes(marker));

function entryKey(m, name) {
	const key = m[PDF_ENTRIES[name]] ? PDF_ENTRIES[name] : Object.keys(m).find((k) => m[k].isDynamicEntry && m[k].name === name);
	if (!key) throw new Error(`${PDF_ENTRIES[name]} is not a dynamic entry of the build.`);
	return key;
}

export function pdfChunkRows() {
	const m = manifest();
	const entries = Object.keys(m).filter((key) => m[key].isEntry);
	const initial = new Set(entries.flatMap((key) => [...staticClosure(m, key)]));
	const pdfOnly = [...staticClosure(m, entryKey(m, 'license-pdf'))].filter((k) => !initial.has(k));
	const bytes = pdfOnly.reduce((sum, k) => sum + gzip(m[k].file), 0);
	const agencyOnly = [...staticClosure(m, entryKey(m, 'agency-license'))].filter((k) => !initial.has(k));
	const agencyBytes = agencyOnly.reduce((sum, k) => sum + gzip(m[k].file), 0);
	// Every route's up-front JS (its node and what it imports statically), the print page's included: the PDF
	// libraries must arrive only through the dynamic import.
	const leaking = entries.filter((key) => [...staticClosure(m, key)].some((k) => m[k].file.endsWith('.js') && holdsPdfLibrary(m[k].file)));
	return [
		{ metric: 'PDF chunk (jsPDF + qrcode + layout), gzip', value: +(bytes / 1024).toFixed(1), unit: 'KB', budget: { max: 150 }, ok: bytes / 1024 <= 150 },
		{ metric: 'Agency license PDF chunks, gzip', value: +(agencyBytes / 1024).toFixed(1), unit: 'KB', budget: { max: 150 }, ok: agencyBytes / 1024 <= 150 },
		{ metric: 'Routes loading jsPDF/qrcode up front', value: leaking.length, unit: 'routes', budget: { max: 0 }, ok: leaking.length === 0 }
	];
}

// The demo licensee (src/lib/server/demo/demo-logins.json): what is printed is her real signed license.
const DEMO = { emsId: '100002', password: 'Demo-Paramedic-2026!' };

async function startServer(port) {
	const dataDir = mkdtempSync(join(tmpdir(), 'ems-bench-print-'));
	const server = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, PORT: String(port), ORIGIN: `http://localhost:${port}`, DATA_DIR: dataDir, DATABASE_URL: '', LOAD_DEMO_DATA: 'true' },
		stdio: 'ignore'
	});
	for (let i = 0; i < 300; i++) {
		try {
			if ((await fetch(`http://localhost:${port}/shell`)).ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { url: `http://localhost:${port}`, stop: () => (server.kill(), rmSync(dataDir, { recursive: true, force: true })) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * "Print" click → PDF downloaded, warm, through the real Printing License page: signed in as the demo licensee
 * (sign-in counts as confirming it's you), the license read from the device database, jsPDF already loaded by
 * the preview. Two clocks: in the page, click → the finished PDF handed to the browser as a download; from
 * Playwright, click → the browser's download event (adds the CDP round trips, so it errs on the slow side).
 */
export async function printTimingRows({ baseURL, browser: shared, runs = 15 } = {}) {
	const server = baseURL ? null : await startServer(Number(process.env.BENCH_PRINT_PORT ?? 4591));
	const url = baseURL ?? server.url;
	const browser = shared ?? (await launchChromium());
	const context = await browser.newContext({ acceptDownloads: true, baseURL: url });
	try {
		const page = await context.newPage();
		await page.goto('/login');
		await page.getByLabel('EMS ID').fill(DEMO.emsId);
		await page.getByLabel('Password', { exact: true }).fill(DEMO.password);
		await page.getByRole('button', { name: /^log in$/i }).click();
		await page.waitForURL((u) => !u.pathname.startsWith('/login'));
		await page.goto('/print-license');
		await page.getByRole('img', { name: /Wallet card/ }).waitFor();
		const button = page.getByRole('button', { name: 'Print', exact: true });
		// In the page: from the click to the download link being clicked with the finished PDF.
		await page.evaluate(() => {
			window.__printTimes = [];
			let t0 = 0;
			document.addEventListener('click', (e) => {
				if (e.target instanceof HTMLButtonElement && e.target.textContent?.trim() === 'Print') t0 = performance.now();
				else if (e.target instanceof HTMLAnchorElement && e.target.download) window.__printTimes.push(performance.now() - t0);
			}, true);
		});
		const downloadTimes = [];
		for (let i = 0; i <= runs; i++) {
			const t0 = performance.now();
			const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
			const elapsed = performance.now() - t0;
			if (download.suggestedFilename() !== 'ND-EMS-License-P-004321.pdf') throw new Error(`unexpected file ${download.suggestedFilename()}`);
			if (i > 0) downloadTimes.push(elapsed); // the first is the warm-up: JIT, font metrics
			await download.delete();
			// Chromium stops reporting downloads that come faster than a person could click; pause like one.
			await page.waitForTimeout(400);
		}
		const inPage = (await page.evaluate(() => window.__printTimes)).slice(1);
		const pageMedian = median(inPage);
		const downloadMedian = median(downloadTimes);
		return [
			{ metric: '"Print" click → PDF handed to the browser, warm (in page, median)', value: +pageMedian.toFixed(1), unit: 'ms', budget: { max: 150 }, ok: pageMedian <= 150 },
			{ metric: '"Print" click → download event, warm (Playwright, median)', value: +downloadMedian.toFixed(1), unit: 'ms', budget: { max: 150 }, ok: downloadMedian <= 150 }
		];
	} finally {
		await context.close();
		if (!shared) await browser.close();
		server?.stop();
	}
}

export default async function printPdfBench(options = {}) {
	return [...pdfChunkRows(), ...(await printTimingRows(options))];
}

/** The bench harness's entry: its running app and shared Chromium. */
export async function measure(ctx) {
	return printPdfBench({ baseURL: ctx.baseURL, browser: await ctx.browser() });
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.table(await printPdfBench());
}

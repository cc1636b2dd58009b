// Print License budgets: the lazy PDF chunk's size (from the build) and "Print" click → PDF ready, warm,
// measured in Chromium against the built server. Rows are { metric, value, unit, budget: { max }, ok }: the
// bench harness's row shape (scripts/bench/table.mjs on main) plus the verdict, so it also runs on its own:
// `node scripts/bench/print-pdf.mjs`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const CLIENT = resolve('.svelte-kit', 'output', 'client');
const PDF_ENTRY = 'src/lib/client/pdf/license-pdf.ts';

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

export function pdfChunkRows() {
	const m = manifest();
	if (!m[PDF_ENTRY]) throw new Error(`${PDF_ENTRY} is not a dynamic entry of the build.`);
	const entries = Object.keys(m).filter((key) => m[key].isEntry);
	const initial = new Set(entries.flatMap((key) => [...staticClosure(m, key)]));
	const pdfOnly = [...staticClosure(m, PDF_ENTRY)].filter((k) => !initial.has(k));
	const bytes = pdfOnly.reduce((sum, k) => sum + gzip(m[k].file), 0);
	// Every route's up-front JS (its node and what it imports statically), the print page's included: the PDF
	// libraries must arrive only through the dynamic import.
	const leaking = entries.filter((key) => [...staticClosure(m, key)].some((k) => m[k].file.endsWith('.js') && holdsPdfLibrary(m[k].file)));
	return [
		{ metric: 'PDF chunk (jsPDF + qrcode + layout), gzip', value: +(bytes / 1024).toFixed(1), unit: 'KB', budget: { max: 150 }, ok: bytes / 1024 <= 150 },
		{ metric: 'Routes loading jsPDF/qrcode up front', value: leaking.length, unit: 'routes', budget: { max: 0 }, ok: leaking.length === 0 }
	];
}

const SAMPLE = {
	name: 'Jordan Avery Smith',
	emsNumber: '100002',
	level: 'Paramedic',
	credentialNumber: 'P-012345',
	status: 'active',
	issuedOn: '2025-04-01',
	expiresOn: '2027-03-31',
	token: 'TDEwMDAwMnxQfFAtMDEyMzQ1fDIwMjcwMzMxfHQ4NXMwMHxhMWIyYzNkNHxKb3JkYW4gQXZlcnkgU21pdGg.' + 'A'.repeat(86),
	verifyUrl: 'https://registry.ems.nd.gov/verify?c=TDEwMDAwMnxQfFAtMDEyMzQ1fDIwMjcwMzMxfHQ4NXMwMHxhMWIyYzNkNHxKb3JkYW4gQXZlcnkgU21pdGg.' + 'A'.repeat(86)
};

async function startServer(port) {
	const dataDir = mkdtempSync(join(tmpdir(), 'ems-bench-print-'));
	const server = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, PORT: String(port), ORIGIN: `http://localhost:${port}`, DATA_DIR: dataDir, DATABASE_URL: '' },
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

/** Median ms from the "Print" click to the download link being clicked with the finished PDF, after a warm-up. */
export async function printTimingRows({ baseURL, browser: shared, runs = 15 } = {}) {
	const { chromium } = await import('@playwright/test');
	const server = baseURL ? null : await startServer(Number(process.env.BENCH_PRINT_PORT ?? 4591));
	const url = baseURL ?? server.url;
	const browser =
		shared ?? (await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] }));
	try {
		const context = await browser.newContext({ acceptDownloads: true });
		const page = await context.newPage();
		// The signed-in licensee's license, as the server would sign it; sign-in itself is not what is measured.
		await page.route('**/api/credentials/signed', (route) => route.fulfill({ json: SAMPLE }));
		await page.goto(`${url}/print-license`);
		await page.getByRole('img', { name: /Wallet card/ }).waitFor();
		const timings = await page.evaluate(async (n) => {
			const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Print');
			const once = () =>
				new Promise((done) => {
					const t0 = performance.now();
					const onClick = (e) => {
						if (e.target instanceof HTMLAnchorElement && e.target.download) {
							e.preventDefault();
							document.removeEventListener('click', onClick, true);
							done(performance.now() - t0);
						}
					};
					document.addEventListener('click', onClick, true);
					button.click();
				});
			await once(); // warm-up: JIT, fonts metrics, module already loaded by the preview
			const out = [];
			for (let i = 0; i < n; i++) out.push(await once());
			return out;
		}, runs);
		const sorted = [...timings].sort((a, b) => a - b);
		const median = sorted[Math.floor(sorted.length / 2)];
		return [{ metric: '"Print" click → PDF ready, warm (Chromium, median)', value: +median.toFixed(1), unit: 'ms', budget: { max: 150 }, ok: median <= 150 }];
		await context.close();
	} finally {
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

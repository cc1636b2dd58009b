// Lighthouse mobile scores (default form factor and simulated throttling) for the public pages and the licensee
// dashboard; budgets from DESIGN.md section 6: performance ≥ 98, accessibility and best practices 100.
// Lighthouse 13 needs Node 22.19+, so on first use it installs node@24 and lighthouse@13 from the npm registry into
// bench-results/tools/ (git-ignored) and runs there; when that install fails (no network) the rows say "n/a".
// Each page is measured LIGHTHOUSE_RUNS times (default 3) and the run with the median performance score is kept,
// as Lighthouse's own variability guide recommends; the reports are written to bench-results/lighthouse/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../../lib/chromium.mjs';

const TOOLS_DIR = resolve('bench-results', 'tools');
const REPORTS_DIR = resolve('bench-results', 'lighthouse');
const NODE = resolve(TOOLS_DIR, 'node_modules', '.bin', 'node');
const LIGHTHOUSE_CLI = resolve(TOOLS_DIR, 'node_modules', 'lighthouse', 'cli', 'index.js');
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const DEMO_LICENSEE = { identifier: '100002', password: 'Demo-Paramedic-2026!' };

const CATEGORIES = [
	{ id: 'performance', min: 98 },
	{ id: 'accessibility', min: 100 },
	{ id: 'best-practices', min: 100 }
];

export const lighthousePages = [
	{ name: 'home', path: '/' },
	{ name: 'login', path: '/login' },
	{ name: 'verify', path: '/verify' },
	{ name: 'dashboard', path: '/dashboard', signedIn: true }
];

function lighthouseWorks() {
	if (!existsSync(NODE) || !existsSync(LIGHTHOUSE_CLI)) return false;
	const version = spawnSync(NODE, ['--version'], { encoding: 'utf8' });
	const [major, minor] = (version.stdout ?? '').replace(/^v/, '').split('.').map(Number);
	return version.status === 0 && (major > 22 || (major === 22 && minor >= 19));
}

/** @returns {string | null} why Lighthouse cannot run, or null when it can */
function ensureLighthouse() {
	if (lighthouseWorks()) return null;
	mkdirSync(TOOLS_DIR, { recursive: true });
	console.log('• Installing node@24 and lighthouse@13 into bench-results/tools/ (first use)…');
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const install = spawnSync(npm, ['install', '--prefix', TOOLS_DIR, '--no-audit', '--no-fund', '--engine-strict=false', 'node@24', 'lighthouse@13'], {
		encoding: 'utf8',
		timeout: 5 * 60_000
	});
	if (install.error) return `tool install failed: ${install.error.message}`;
	if (install.status !== 0) {
		const reason = /npm error (?:code )?(\S.*)/.exec(install.stderr ?? '')?.[1] ?? `npm exit ${install.status}`;
		return `tool install failed: ${reason.slice(0, 80)}`;
	}
	return lighthouseWorks() ? null : 'tool install failed: node@24 does not run here';
}

/** Signs the demo licensee in through the login form, as a browser would, and returns the Cookie header. */
async function signInCookie(baseURL) {
	const response = await fetch(`${baseURL}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin: new URL(baseURL).origin },
		body: new URLSearchParams(DEMO_LICENSEE)
	});
	await response.arrayBuffer();
	const cookies = response.headers.getSetCookie().map((header) => header.split(';')[0]);
	if (response.status !== 303 || cookies.length === 0)
		throw new Error(`sign-in as ${DEMO_LICENSEE.identifier} answered ${response.status} without a session cookie`);
	return cookies.join('; ');
}

function runLighthouse(url, outputPath, extraHeaders) {
	const chromeFlags = ['--headless=new', ...CHROMIUM_ARGS].join(' ');
	const args = [
		LIGHTHOUSE_CLI,
		url,
		'--quiet',
		'--output=json',
		`--output-path=${outputPath}`,
		`--only-categories=${CATEGORIES.map((c) => c.id).join(',')}`,
		`--chrome-flags=${chromeFlags}`
	];
	if (extraHeaders) args.push(`--extra-headers=${JSON.stringify(extraHeaders)}`);
	return new Promise((done, fail) => {
		const child = spawn(NODE, args, { env: { ...process.env, CHROME_PATH: chromiumPath() }, stdio: ['ignore', 'ignore', 'pipe'] });
		let log = '';
		child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
		child.on('error', fail);
		child.on('exit', (code) => {
			if (code !== 0) return fail(new Error(`lighthouse ${url} exited ${code}: ${log.trim().split('\n').at(-1)}`));
			done(JSON.parse(readFileSync(outputPath, 'utf8')));
		});
	});
}

/** Runs a page RUNS times and keeps the report with the median performance score. */
async function medianReport(url, name, extraHeaders) {
	const reports = [];
	for (let run = 1; run <= RUNS; run++) {
		const report = await runLighthouse(url, resolve(REPORTS_DIR, `${name}-${run}.report.json`), extraHeaders);
		if (report.runtimeError) throw new Error(`lighthouse ${url}: ${report.runtimeError.code} ${report.runtimeError.message}`);
		reports.push({ run, report });
	}
	reports.sort((a, b) => (a.report.categories.performance.score ?? 0) - (b.report.categories.performance.score ?? 0));
	return reports[(reports.length - 1) >> 1];
}

/** @param {import('../context.mjs').BenchContext} ctx */
export async function measure(ctx) {
	const unavailable = ensureLighthouse();
	const metric = (page, category) => `lighthouse ${page.path} ${category.id}`;
	if (unavailable) {
		return lighthousePages.flatMap((page) =>
			CATEGORIES.map((category) => ({ metric: metric(page, category), value: null, unit: 'score', budget: { min: category.min }, note: unavailable }))
		);
	}
	mkdirSync(REPORTS_DIR, { recursive: true });
	const rows = [];
	let cookie;
	for (const page of lighthousePages) {
		const headers = page.signedIn ? { Cookie: (cookie ??= await signInCookie(ctx.baseURL)) } : undefined;
		const { run, report } = await medianReport(new URL(page.path, ctx.baseURL).href, page.name, headers);
		const landedOn = new URL(report.finalDisplayedUrl).pathname;
		for (const category of CATEGORIES) {
			const score = report.categories[category.id].score;
			rows.push(
				landedOn !== page.path
					? { metric: metric(page, category), value: null, unit: 'score', budget: { min: category.min }, note: `redirects to ${landedOn}` }
					: {
							metric: metric(page, category),
							value: score === null ? null : Math.round(score * 100),
							unit: 'score',
							budget: { min: category.min },
							note: score === null ? 'not scored' : undefined
						}
			);
		}
		const failing = Object.values(report.categories)
			.flatMap((category) => category.auditRefs)
			.filter((ref) => ref.weight > 0 && (report.audits[ref.id].score ?? 1) < 1)
			.map((ref) => ref.id);
		if (failing.length > 0) console.log(`lighthouse ${page.path} (run ${run}): failing audits: ${[...new Set(failing)].join(', ')}`);
	}
	return rows;
}

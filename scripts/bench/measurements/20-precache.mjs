// Precache total: the bytes the service worker stores on install, read from the precache manifest vite-pwa
// injected into sw.js and summed from the files on disk (uncompressed, as Cache Storage keeps them).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const KiB = 1024;
const budgetKiB = 650;

/** Precached URLs are relative to sw.js; prerendered pages ("shell") live outside build/client. */
function fileFor(buildDir, url) {
	const candidates = [
		join(buildDir, 'client', url),
		join(buildDir, 'prerendered', url),
		join(buildDir, 'prerendered', `${url}.html`),
		join(buildDir, 'prerendered', url, 'index.html')
	];
	const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
	if (!found) throw new Error(`precached ${url} not found in ${buildDir}`);
	return found;
}

export function precacheEntries(buildDir) {
	const worker = readFileSync(join(buildDir, 'client', 'sw.js'), 'utf8');
	// Entries as vite-pwa injects them: {"revision":"…","url":"…"} (revision null for hashed file names).
	const urls = [...worker.matchAll(/\{\s*"?revision"?\s*:\s*(?:"[^"]*"|null)\s*,\s*"?url"?\s*:\s*"([^"]+)"\s*\}/g)].map((m) => m[1]);
	if (urls.length === 0) throw new Error('no precache entries found in sw.js');
	return [...new Set(urls)].map((url) => ({ url, bytes: statSync(fileFor(buildDir, url)).size }));
}

/** @param {import('../context.mjs').BenchContext} ctx */
export async function measure(ctx) {
	const entries = precacheEntries(ctx.buildDir);
	const total = entries.reduce((sum, e) => sum + e.bytes, 0);
	return [
		{ metric: `precache total (${entries.length} entries)`, value: total / KiB, unit: 'KiB', budget: { max: budgetKiB } }
	];
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { logIn, PARAMEDIC } from './support/sync';

/**
 * DESIGN.md §6: office-only code (Chart.js, the office pages) never enters a licensee's load. Which built files are
 * office-only is read from the build itself: SvelteKit's route dictionary names each route's nodes, Vite's
 * manifest names each node's chunks, static and dynamic; a file reachable from an office node and from nothing
 * else is office-only. Then a licensee signs in and opens the dashboard in Chromium, and none of those files may
 * be among what the page fetched. The office opening Reports fetches the Chart.js chunk, so the check can fail.
 */
const OFFICE = { emsId: 'office@example.org', password: 'Demo-Office-2026!' };
const generated = resolve('.svelte-kit/generated/client-optimized');
type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean };

function buildGraph() {
	const manifest = JSON.parse(readFileSync(resolve('.svelte-kit/output/client/.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
	const app = readFileSync(resolve(generated, 'app.js'), 'utf8');
	const dictionary = app.slice(app.indexOf('export const dictionary'));
	const routes = [...dictionary.matchAll(/"([^"]+)":\s*\[~?(\d+)(?:,\s*\[([\d,]*)\])?/g)].map((m) => ({
		id: m[1]!,
		nodes: [Number(m[2]), ...(m[3] ? m[3].split(',').filter(Boolean).map(Number) : [])]
	}));
	const nodeKey = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;
	// The client entry imports every route node lazily (the router's table): a walk enters a node only where it starts.
	const reach = (keys: string[]) => {
		const seen = new Set<string>();
		const walk = (key: string) => {
			if (seen.has(key) || !manifest[key] || (key.includes('/client-optimized/nodes/') && !keys.includes(key))) return;
			seen.add(key);
			for (const k of [...(manifest[key]!.imports ?? []), ...(manifest[key]!.dynamicImports ?? [])]) walk(k);
		};
		keys.forEach(walk);
		return new Set([...seen].map((k) => manifest[k]!.file));
	};
	const isOffice = (id: string) => id.startsWith('/(office)');
	const officeNodes = [...new Set(routes.filter((r) => isOffice(r.id)).flatMap((r) => r.nodes))];
	const otherNodes = [...new Set([0, 1, ...routes.filter((r) => !isOffice(r.id)).flatMap((r) => r.nodes)])];
	const entries = Object.entries(manifest).filter(([k, c]) => c.isEntry && !k.includes('/nodes/')).map(([k]) => k);
	const elsewhere = reach([...otherNodes.map(nodeKey), ...entries]);
	const officeOnly = [...reach(officeNodes.map(nodeKey))].filter((f) => !elsewhere.has(f));
	const chart = manifest['src/lib/client/office/expiry-chart.ts']!;
	return { officeOnly, chartFiles: [...reach(['src/lib/client/office/expiry-chart.ts'])].filter((f) => !elsewhere.has(f)), chartFile: chart.file, routes };
}

/** Every script the page fetched (its own requests and the Performance API's list), as paths under /_app. */
function recordScripts(page: Page): () => Promise<string[]> {
	const seen = new Set<string>();
	page.on('request', (r) => {
		const path = new URL(r.url()).pathname;
		if (path.endsWith('.js')) seen.add(path);
	});
	return async () => {
		const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
		for (const p of entries) if (p.endsWith('.js')) seen.add(p);
		return [...seen];
	};
}

const fileOf = (path: string) => path.replace(/^\/+/, '');

test('a licensee’s first load (sign-in, then the dashboard) fetches no office-only code: no Chart.js, no office page', async ({ browser }) => {
	const graph = buildGraph();
	expect(graph.routes.some((r) => r.id === '/(office)/office/reports'), 'the route dictionary was read').toBe(true);
	expect(graph.officeOnly).toContain(graph.chartFile);
	expect(graph.officeOnly.length).toBeGreaterThan(graph.chartFiles.length);
	// Chart.js itself is in the chart's own chunks (its error sentence survives minifying).
	const chartSource = graph.chartFiles.map((f) => readFileSync(resolve('build/client', f), 'utf8')).join('\n');
	expect(chartSource).toContain("can't acquire context from the given item");

	const context = await browser.newContext();
	const page = await context.newPage();
	const scripts = recordScripts(page);
	await logIn(page, PARAMEDIC);
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
	await expect(page.getByTestId('sync-status')).toContainText('All changes saved');
	await page.waitForLoadState('networkidle');
	const loaded = (await scripts()).map(fileOf);
	expect(loaded.length).toBeGreaterThan(3);
	expect(loaded.filter((f) => graph.officeOnly.includes(f))).toEqual([]);
	await context.close();

	// The check sees the chart when it does load: the office's Reports page fetches its chunk.
	const officeContext = await browser.newContext();
	const office = await officeContext.newPage();
	const officeScripts = recordScripts(office);
	await logIn(office, OFFICE);
	await office.getByRole('link', { name: 'Reports' }).click();
	await expect(office.locator('canvas[data-state="drawn"]')).toBeVisible();
	expect((await officeScripts()).map(fileOf)).toContain(graph.chartFile);
	await officeContext.close();
});

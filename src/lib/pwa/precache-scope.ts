// Build-time only (vite.config.ts): which built files the service worker precaches (decision 045).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ManifestChunk {
	file: string;
	src?: string;
	isEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
	css?: string[];
	assets?: string[];
}
export type ViteManifest = Record<string, ManifestChunk>;

/**
 * Files only office pages use — the console's nodes and what nothing else imports (Chart.js, the import page…).
 * Office pages are online-only, so these stay out of every device's install-time precache; the worker's runtime
 * cache keeps them once an office device has fetched them. `isOfficeNode` says which route nodes are the office's.
 */
export function officeOnlyFiles(manifest: ViteManifest, isOfficeNode: (key: string) => boolean): Set<string> {
	const kept = new Set<string>();
	const walk = (key: string) => {
		const chunk = manifest[key];
		if (!chunk || kept.has(chunk.file) || isOfficeNode(key)) return;
		kept.add(chunk.file);
		for (const file of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) kept.add(file);
		for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) walk(next);
	};
	for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) walk(key);
	const officeOnly = new Set<string>();
	for (const chunk of Object.values(manifest))
		for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) if (!kept.has(file)) officeOnly.add(file);
	return officeOnly;
}

/** A route node of SvelteKit's generated client (nodes/N.js) that belongs to the (office) route group. */
export function officeNodeTest(outDir: string): (key: string) => boolean {
	return (key) => {
		if (!/generated\/client-optimized\/nodes\/\d+\.js$/.test(key)) return false;
		const source = readFileSync(join(outDir, key.slice(key.indexOf('generated/'))), 'utf8');
		return source.includes('/routes/(office)/');
	};
}

/** A workbox manifest transform that drops the office-only files (entry urls are relative to the client dir). */
export function leaveOutOfficeOnly(svelteKitDir: string) {
	return async (entries: { url: string; size: number }[]) => {
		const manifest = JSON.parse(readFileSync(join(svelteKitDir, 'output', 'client', '.vite', 'manifest.json'), 'utf8')) as ViteManifest;
		const officeOnly = officeOnlyFiles(manifest, officeNodeTest(svelteKitDir));
		return { manifest: entries.filter((entry) => !officeOnly.has(entry.url)), warnings: [] as string[] };
	};
}

type ConfigureOptions = (viteConfig: { root: string }, options: { injectManifest?: { manifestTransforms?: unknown[] } }) => void;

/**
 * vite-pwa's `integration` option, for `SvelteKitPWA({ integration })`. The SvelteKit integration assigns its own
 * `configureOptions` (which installs its transform of build paths into URLs) onto this object; the accessor keeps
 * that function and runs it first, then appends `leaveOutOfficeOnly`, so ours sees the final URLs.
 */
export function officeOnlyLeftOut(): { configureOptions: ConfigureOptions } {
	let svelteKits: ConfigureOptions | undefined;
	return {
		get configureOptions(): ConfigureOptions {
			return (viteConfig, options) => {
				svelteKits?.(viteConfig, options);
				const inject = (options.injectManifest ??= {});
				inject.manifestTransforms = [...(inject.manifestTransforms ?? []), leaveOutOfficeOnly(`${viteConfig.root}/.svelte-kit`)];
			};
		},
		set configureOptions(configure: ConfigureOptions) {
			svelteKits = configure;
		}
	};
}

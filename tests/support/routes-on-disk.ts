import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Every route found under src/routes, read from the files themselves so that a page, action or endpoint added
 * later joins the gates built on this list (hostile input, authorization matrix, accessibility sweep) the day it
 * lands, without anyone remembering to list it.
 */
export interface RouteOnDisk {
	/** SvelteKit's route id, groups included: "/(public)/login". */
	id: string;
	/** A URL for it: groups dropped, each parameter filled with `param` (default "7001"). */
	path: string;
	params: Record<string, string>;
	/** Has a +page.svelte: a page someone can visit. */
	page: boolean;
	/** Methods its +server.ts exports (GET, POST, …). */
	endpointMethods: string[];
	/** Names of its form actions ("default" or named ones), from +page.server.ts. */
	actions: string[];
	/** What its +server.ts reads from the request body. */
	endpointReads: 'json' | 'form' | 'bytes' | 'nothing';
	/** Form field names its page and actions use (name="…" in +page.svelte, form.get('…') in +page.server.ts). */
	formFields: string[];
}

const ROUTES_DIR = join(process.cwd(), 'src', 'routes');
const ROUTE_FILE = /^\+(page|page\.server|server|page\.ts)\.(svelte|ts|js)$|^\+page\.(ts|js)$/;
const read = (dir: string, file: string): string => {
	try {
		return readFileSync(join(dir, file), 'utf8');
	} catch {
		return '';
	}
};

/** A concrete URL for a route id: groups dropped, parameters filled in. */
export function pathFor(id: string, param = '7001'): { path: string; params: Record<string, string> } {
	const params: Record<string, string> = {};
	const path = id
		.split('/')
		.filter((s) => s && !/^\(.*\)$/.test(s))
		.map((s) => s.replace(/^\[+\.{0,3}(\w+)(=\w+)?\]+$/, (_, name: string) => ((params[name] = param), param)))
		.join('/');
	return { path: `/${path}`, params };
}

function actionsOf(source: string): string[] {
	const start = source.search(/export const actions\b/);
	if (start < 0) return [];
	// The keys of the actions object: one tab in, `name: async (…) =>` or `name(…) {`.
	return [...source.slice(start).matchAll(/^\t(\w+)\s*(?::|\()/gm)].map((m) => m[1]!);
}

function fieldsOf(page: string, server: string): string[] {
	const names = new Set<string>();
	for (const m of page.matchAll(/\bname="([\w-]+)"/g)) names.add(m[1]!);
	for (const m of server.matchAll(/\.get\('([\w-]+)'\)/g)) names.add(m[1]!);
	return [...names].sort();
}

export function routesOnDisk(dir = ROUTES_DIR): RouteOnDisk[] {
	const found: RouteOnDisk[] = [];
	const entries = readdirSync(dir).sort();
	if (entries.some((f) => ROUTE_FILE.test(f))) {
		const rel = relative(ROUTES_DIR, dir).split(sep).join('/');
		const id = rel === '' ? '/' : `/${rel}`;
		const endpoint = read(dir, '+server.ts') || read(dir, '+server.js');
		const pageServer = read(dir, '+page.server.ts') || read(dir, '+page.server.js');
		found.push({
			id,
			...pathFor(id),
			page: entries.includes('+page.svelte'),
			endpointMethods: [...endpoint.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!),
			actions: actionsOf(pageServer),
			endpointReads: /request\.json\(\)/.test(endpoint)
				? 'json'
				: /request\.formData\(\)|formOf\(/.test(endpoint)
					? 'form'
					: /request\.(arrayBuffer|text|blob|body)\b/.test(endpoint)
						? 'bytes'
						: 'nothing',
			formFields: fieldsOf(read(dir, '+page.svelte'), pageServer)
		});
	}
	for (const e of entries) if (statSync(join(dir, e)).isDirectory()) found.push(...routesOnDisk(join(dir, e)));
	return found;
}

/** A request target: one method of one route (an action is a POST to `?/name`). */
export interface Target {
	route: RouteOnDisk;
	method: string;
	/** The path to send to, with `?/name` for a named action. */
	url: string;
	/** "action default", "action verify", "endpoint POST", "page GET". */
	kind: string;
}

export function targetsOf(routes: RouteOnDisk[]): Target[] {
	const targets: Target[] = [];
	for (const route of routes) {
		if (route.page) targets.push({ route, method: 'GET', url: route.path, kind: 'page GET' });
		for (const name of route.actions)
			targets.push({ route, method: 'POST', url: name === 'default' ? route.path : `${route.path}?/${name}`, kind: `action ${name}` });
		for (const method of route.endpointMethods) targets.push({ route, method, url: route.path, kind: `endpoint ${method}` });
	}
	return targets;
}

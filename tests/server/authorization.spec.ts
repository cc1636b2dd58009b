import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/domain/session-user';
import { PUBLIC_ROUTES, accessRuleFor, authorize } from '../../src/lib/server/auth/access';

/**
 * Every route found on disk, so a new page or endpoint is covered the day it is added: unless it is on the public
 * allow-list, a request without a session must be refused before any of its code runs.
 */
const ROUTES_DIR = join(process.cwd(), 'src', 'routes');
const ROUTE_FILES = /^\+(page|page\.server|server)\.(svelte|ts|js)$/;

function routeIds(dir = ROUTES_DIR): string[] {
	const ids: string[] = [];
	const entries = readdirSync(dir);
	if (entries.some((f) => ROUTE_FILES.test(f))) {
		const rel = relative(ROUTES_DIR, dir).split(sep).join('/');
		ids.push(rel === '' ? '/' : `/${rel}`);
	}
	for (const e of entries) if (statSync(join(dir, e)).isDirectory()) ids.push(...routeIds(join(dir, e)));
	return ids;
}

/** A concrete URL for a route id: groups dropped, parameters filled in. */
function pathFor(id: string): { path: string; params: Record<string, string> } {
	const params: Record<string, string> = {};
	const path =
		id
			.split('/')
			.filter((s) => s && !/^\(.*\)$/.test(s))
			.map((s) => s.replace(/^\[+\.{0,3}(\w+)(=\w+)?\]+$/, (_, name: string) => ((params[name] = '7001'), '7001')))
			.join('/') || '';
	return { path: `/${path}`, params };
}

function eventFor(id: string, method: string, user: SessionUser | null, accept = 'text/html') {
	const { path, params } = pathFor(id);
	const url = new URL(`http://localhost${path}`);
	return {
		route: { id },
		params,
		url,
		request: new Request(url, { method, headers: { accept } }),
		locals: { user, session: user ? { id: 'session', reauthenticatedAt: null } : null }
	} as unknown as RequestEvent;
}

function outcome(event: RequestEvent): string {
	try {
		authorize(event);
		return 'allowed';
	} catch (e) {
		if (isRedirect(e)) return `redirect ${e.location.split('?')[0]}`;
		if (isHttpError(e)) return `status ${e.status}`;
		throw e;
	}
}

const licensee: SessionUser = { accountId: 'a1', role: 'licensee', emsNumber: '100002', email: 'medic@example.org', leaderOf: [] };
const leader: SessionUser = { ...licensee, accountId: 'a2', emsNumber: '100003', leaderOf: ['7001'] };
const office: SessionUser = { accountId: 'a3', role: 'office', emsNumber: null, email: 'office@example.org', leaderOf: [] };

const all = routeIds();
const closed = all.filter((id) => !PUBLIC_ROUTES.has(id));

describe('route access', () => {
	it('finds the routes on disk, including the ones this issue added', () => {
		expect(all).toEqual(expect.arrayContaining(['/(public)/login', '/(licensee)/dashboard', '/(office)/office', '/api/passkeys/registration']));
		expect(closed.length).toBeGreaterThan(5);
	});

	it('lists only routes that exist as public', () => {
		for (const id of PUBLIC_ROUTES) expect(all, id).toContain(id);
	});

	it.each(closed)('%s refuses every request without a session', (id) => {
		for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
			for (const accept of ['text/html', 'application/json']) {
				const result = outcome(eventFor(id, method, null, accept));
				expect(result, `${method} ${id}`).toMatch(id.startsWith('/api/') ? /^status 401$/ : /^redirect \/login$/);
			}
		}
	});

	it.each([...PUBLIC_ROUTES])('%s is open without a session', (id) => {
		expect(outcome(eventFor(id, 'GET', null))).toBe('allowed');
	});

	it('keeps office pages from licensees and licensee pages from office staff', () => {
		for (const id of closed) {
			const rule = accessRuleFor(id);
			if (rule === 'office') {
				expect(outcome(eventFor(id, 'GET', licensee))).toBe(id.startsWith('/api/') ? 'status 403' : 'redirect /dashboard');
				expect(outcome(eventFor(id, 'POST', licensee))).toBe('status 403');
				expect(outcome(eventFor(id, 'GET', office))).toBe('allowed');
			}
			if (rule === 'licensee') {
				expect(outcome(eventFor(id, 'GET', office))).toBe('redirect /office');
				expect(outcome(eventFor(id, 'POST', office))).toBe('status 403');
				expect(outcome(eventFor(id, 'GET', licensee))).toBe('allowed');
			}
			if (rule === 'agency-leader') {
				expect(outcome(eventFor(id, 'GET', licensee))).toBe('status 403');
				expect(outcome(eventFor(id, 'GET', leader))).toBe('allowed');
				expect(outcome(eventFor(id, 'GET', office))).toBe('allowed');
			}
		}
	});

	it('is enforced by the hook before the route runs', async () => {
		process.env.DATA_DIR ??= join(process.cwd(), 'test-results', 'authorization-hook');
		const { handle } = await import('../../src/hooks.server');
		for (const id of closed) {
			const event = eventFor(id, 'POST', null, 'application/json');
			Object.assign(event, { cookies: { get: () => undefined, delete: () => {} } });
			let resolved = false;
			const run = handle({ event, resolve: async () => ((resolved = true), new Response('route ran')) });
			await expect(run, id).rejects.toSatisfy((e: unknown) => isRedirect(e) || (isHttpError(e) && e.status === 401));
			expect(resolved, id).toBe(false);
		}
	});
});

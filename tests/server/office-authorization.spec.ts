import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/domain/session-user';
import { accessRuleFor, authorize } from '../../src/lib/server/auth/access';

/** Every office page and endpoint on disk refuses a licensee, a squad leader and no session; office staff pass. */
const ROUTES_DIR = join(process.cwd(), 'src', 'routes');
const ROUTE_FILES = /^\+(page|page\.server|server)\.(svelte|ts|js)$/;

function routeIds(dir = ROUTES_DIR): string[] {
	const entries = readdirSync(dir);
	const rel = relative(ROUTES_DIR, dir).split(sep).join('/');
	const own = entries.some((f) => ROUTE_FILES.test(f)) ? [rel === '' ? '/' : `/${rel}`] : [];
	return [...own, ...entries.filter((e) => statSync(join(dir, e)).isDirectory()).flatMap((e) => routeIds(join(dir, e)))];
}

const officeRoutes = routeIds().filter((id) => id.includes('/(office)') || id.startsWith('/api/office/'));

function eventFor(id: string, method: string, user: SessionUser | null): RequestEvent {
	const params: Record<string, string> = {};
	const path = id
		.split('/')
		.filter((s) => s && !/^\(.*\)$/.test(s))
		.map((s) => s.replace(/^\[+\.{0,3}(\w+)(=\w+)?\]+$/, (_, name: string) => ((params[name] = '7001'), '7001')))
		.join('/');
	const url = new URL(`http://localhost/${path}`);
	return {
		route: { id },
		params,
		url,
		request: new Request(url, { method, headers: { accept: 'text/html' } }),
		locals: { user, session: user ? { id: 'session', reauthenticatedAt: new Date().toISOString() } : null }
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
// A leader of agency "7001", the number every route parameter is filled with: leading it opens nothing here.
const leader: SessionUser = { ...licensee, accountId: 'a2', emsNumber: '100003', leaderOf: ['7001'] };
const office: SessionUser = { accountId: 'a3', role: 'office', emsNumber: null, email: 'office@example.org', leaderOf: [] };

describe('office console access', () => {
	it('finds the office pages and endpoints', () => {
		expect(officeRoutes).toEqual(
			expect.arrayContaining(['/(office)/office', '/(office)/office/requests/[id]', '/api/office/requests/[id]/document'])
		);
	});

	it.each(officeRoutes)('%s refuses a licensee, a squad leader and no session, and lets office staff in', (id) => {
		expect(accessRuleFor(id)).toBe('office');
		const api = id.startsWith('/api/');
		for (const method of ['GET', 'POST']) {
			expect(outcome(eventFor(id, method, null)), `${method} without a session`).toBe(api ? 'status 401' : 'redirect /login');
			for (const who of [licensee, leader]) {
				expect(outcome(eventFor(id, method, who)), `${method} as ${who.emsNumber}`).toBe(method === 'GET' && !api ? 'redirect /dashboard' : 'status 403');
			}
			expect(outcome(eventFor(id, method, office)), `${method} as office`).toBe('allowed');
		}
	});
});

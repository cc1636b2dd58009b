import { isHttpError, isRedirect } from '@sveltejs/kit';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_ROUTES, accessRuleFor } from '../../src/lib/server/auth/access';
import { eventFor, leader, licensee, office, outcome, routeIds } from '../support/route-access';

/**
 * Every route found on disk, so a new page or endpoint is covered the day it is added: unless it is on the public
 * allow-list, a request without a session must be refused before any of its code runs.
 */
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
				const result = outcome(eventFor(id, method, null, { accept }));
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
			const event = eventFor(id, 'POST', null, { accept: 'application/json' });
			Object.assign(event, { cookies: { get: () => undefined, delete: () => {} } });
			let resolved = false;
			const run = handle({ event, resolve: async () => ((resolved = true), new Response('route ran')) });
			await expect(run, id).rejects.toSatisfy((e: unknown) => isRedirect(e) || (isHttpError(e) && e.status === 401));
			expect(resolved, id).toBe(false);
		}
	});
});

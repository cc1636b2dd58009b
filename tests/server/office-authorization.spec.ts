import { describe, expect, it } from 'vitest';
import { accessRuleFor } from '../../src/lib/server/auth/access';
import { eventFor, leader, licensee, office, outcome, routeIds } from '../support/route-access';

/** Every office page and endpoint on disk refuses a licensee, a squad leader and no session; office staff pass. */
const officeRoutes = routeIds().filter((id) => id.includes('/(office)') || id.startsWith('/api/office/'));
// A confirmation that still holds, so office staff pass every route check.
const asOffice = (id: string, method: string) => eventFor(id, method, office, { reauthenticatedAt: new Date().toISOString() });

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
			expect(outcome(asOffice(id, method)), `${method} as office`).toBe('allowed');
		}
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startBuiltApp, type BuiltApp } from '../support/built-app';

/**
 * The agency page's form actions through SvelteKit itself (the built app, demo data): tampered hidden fields and bad
 * input are refused with a sentence and audited, a confirmation older than 10 minutes is asked for again, and a
 * licensee is refused before the action runs. The actions' own rules are in office-agency.spec.ts.
 */
const PORT = Number(process.env.OFFICE_PAGE_PORT ?? 4413);
const AGENCY = 'A0082';
let app: BuiltApp;
let office: string;

beforeAll(async () => {
	app = await startBuiltApp(PORT);
	office = await signIn(app.baseURL, 'office@example.org', 'Demo-Office-2026!');
}, 120_000);
afterAll(async () => app?.stop());

/** Posts a form action the way the page's enhanced form does, and reads SvelteKit's JSON answer. */
async function post(cookie: string, action: string, fields: Record<string, string>) {
	const response = await fetch(`${app.baseURL}/office/agencies/${AGENCY}?/${action}`, {
		method: 'POST',
		headers: { origin: app.baseURL, cookie, 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: new URLSearchParams(fields),
		redirect: 'manual'
	});
	const body = (await response.json()) as { type: string; status?: number; data?: string };
	// SvelteKit's devalue-encoded data: the sentences are plain strings inside it.
	return { status: body.status ?? response.status, type: body.type, data: body.data ?? '' };
}

describe('office agency page actions', () => {
	it('refuses a tampered renewal (another expiration than the record’s) and an unknown person with a sentence, and audits both', async () => {
		const agency = await app.db.selectFrom('agencies').select(['licenseExpiresOn']).where('number', '=', AGENCY).executeTakeFirstOrThrow();
		const renewed = await post(office, 'renew', { expiresOn: '2020-06-30' });
		expect(renewed).toMatchObject({ type: 'failure', status: 400 });
		expect(renewed.data).toContain(`This license was already renewed while you had the page open: it now expires ${agency.licenseExpiresOn}.`);
		const grant = await post(office, 'grant', { emsNumber: '99999998' });
		expect(grant).toMatchObject({ type: 'failure', status: 400 });
		expect(grant.data).toContain('No one in the registry has ND EMS # 99999998.');
		const bad = await post(office, 'grant', { emsNumber: '12ab' });
		expect(bad.data).toContain('ND EMS # is 4 to 8 digits.');
		const facts = await post(office, 'facts', { baseRevision: 'x', name: 'Tampered' });
		expect(facts).toMatchObject({ type: 'failure', status: 400 });
		expect(facts.data).toContain('Reload the page');
		const after = await app.db.selectFrom('agencies').select(['licenseExpiresOn', 'name']).where('number', '=', AGENCY).executeTakeFirstOrThrow();
		expect(after.licenseExpiresOn).toBe(agency.licenseExpiresOn);
		expect(after.name).not.toBe('Tampered');
		const refusals = await app.db.selectFrom('auditEvents').select(['detail']).where('event', '=', 'office_refused').where('agencyNumber', '=', AGENCY).execute();
		expect(refusals.map((r) => r.detail).join(' ')).toMatch(/agency_renew.*agency_grant|agency_grant.*agency_renew/);
	});

	it('asks "Confirm it\'s you" again once the last confirmation is older than 10 minutes, and changes nothing', async () => {
		const staff = await signIn(app.baseURL, 'office@example.org', 'Demo-Office-2026!');
		const stale = await fetch(`${app.baseURL}/dev/session/stale-confirmation`, { method: 'POST', headers: { origin: app.baseURL, cookie: staff } });
		expect(stale.ok).toBe(true);
		const agency = await app.db.selectFrom('agencies').select(['licenseExpiresOn']).where('number', '=', AGENCY).executeTakeFirstOrThrow();
		const renewed = await post(staff, 'renew', { expiresOn: agency.licenseExpiresOn });
		expect(renewed).toMatchObject({ type: 'failure', status: 401 });
		expect(renewed.data).toContain("Confirm it's you first");
		const after = await app.db.selectFrom('agencies').select(['licenseExpiresOn']).where('number', '=', AGENCY).executeTakeFirstOrThrow();
		expect(after.licenseExpiresOn).toBe(agency.licenseExpiresOn);
	});

	it('refuses a licensee and a squad leader before the action runs', async () => {
		for (const [who, password] of [
			['100002', 'Demo-Paramedic-2026!'],
			['100003', 'Demo-Leader-2026!']
		]) {
			const cookie = await signIn(app.baseURL, who!, password!);
			const response = await fetch(`${app.baseURL}/office/agencies/${AGENCY}?/grant`, {
				method: 'POST',
				headers: { origin: app.baseURL, cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				body: new URLSearchParams({ emsNumber: who! }),
				redirect: 'manual'
			});
			expect(response.status, who).toBe(403);
		}
	});
});

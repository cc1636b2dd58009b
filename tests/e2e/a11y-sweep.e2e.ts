import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { routesOnDisk } from '../support/routes-on-disk';
import { logIn } from './support/sync';

/**
 * Every page on disk (tests/support/routes-on-disk.ts), visited as each kind of asker, checked by axe for WCAG 2.2
 * AA: a page added later is swept without being listed. Where a page sends the asker elsewhere (to sign in, or to
 * their own start page), what they land on is what is checked.
 */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AGENCY_A = 'A0082';
const askers = [
	{ name: 'no session', login: null },
	{ name: 'licensee', login: { emsId: '100002', password: 'Demo-Paramedic-2026!' } },
	{ name: 'squad leader', login: { emsId: '100003', password: 'Demo-Leader-2026!' } },
	{ name: 'office', login: { emsId: 'office@example.org', password: 'Demo-Office-2026!' } }
] as const;
/**
 * Which record the sweep opens for each page with a parameter. A made-up value would sweep a "not found" answer
 * instead of the page, so a new page with a parameter fails the sweep until it is given one here.
 */
const RECORD_FOR: Record<string, string> = {
	'/(agency)/agency/[number]': `/agency/${AGENCY_A}`,
	'/(agency)/agency/[number]/contact': `/agency/${AGENCY_A}/contact`,
	'/(agency)/agency/[number]/print': `/agency/${AGENCY_A}/print`,
	'/(office)/office/agencies/[number]': `/office/agencies/${AGENCY_A}`,
	'/(office)/office/people/[emsNumber]': '/office/people/100002',
	// The demo data holds no request to the office; office-review.e2e.ts runs axe on a real one it creates.
	'/(office)/office/requests/[id]': '/office/requests/7001',
	// Redirects to /verify with the code; 7001 is a code that verifies nothing, the page says so.
	'/V/[c]': '/V/7001'
};
// /shell is the empty document the service worker answers navigations with, not a page anyone reads.
const pageRoutes = routesOnDisk().filter((r) => r.page && r.id !== '/shell');
const pages = pageRoutes.map((r) => (Object.keys(r.params).length ? (RECORD_FOR[r.id] ?? `no record for ${r.id}`) : r.path));

test('every page with a parameter names the record the sweep opens', () => {
	const missing = pageRoutes.filter((r) => Object.keys(r.params).length && !(r.id in RECORD_FOR)).map((r) => r.id);
	expect(missing, 'add these to RECORD_FOR in tests/e2e/a11y-sweep.e2e.ts').toEqual([]);
	expect(Object.keys(RECORD_FOR).filter((id) => !pageRoutes.some((r) => r.id === id)), 'entries for pages no longer on disk').toEqual([]);
});

async function violations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
	return violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }));
}

test.describe.configure({ timeout: 180_000 });

for (const asker of askers) {
	test(`every page as ${asker.name} has no WCAG 2.2 AA violations axe can find`, async ({ page }) => {
		if (asker.login) await logIn(page, asker.login as never);
		const found: Record<string, unknown> = {};
		for (const path of pages) {
			await page.goto(path);
			await expect(page.locator('h1').first(), `${path} as ${asker.name}`).toBeVisible();
			const v = await violations(page);
			if (v.length) found[`${path} → ${new URL(page.url()).pathname}`] = v;
		}
		expect(found).toEqual({});
		test.info().annotations.push({ type: 'pages checked', description: String(pages.length) });
	});
}

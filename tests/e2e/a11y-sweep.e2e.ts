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
// /shell is the empty document the service worker answers navigations with, not a page anyone reads.
const pages = routesOnDisk()
	.filter((r) => r.page && r.id !== '/shell')
	.map((r) => r.path.replace('/agency/7001', `/agency/${AGENCY_A}`).replace('/office/agencies/7001', `/office/agencies/${AGENCY_A}`));

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

import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { longDate } from '../../src/lib/domain/format';
import { expireConfirmation, openDashboard } from './support/edit';
import { logIn, PARAMEDIC, serverDatabase } from './support/sync';

/**
 * Issue 13's agency actions, as office staff do them: find an agency, "Confirm it's you" once the sign-in is older
 * than 10 minutes, edit its facts (a bad phone refused beside the field), grant and remove a squad leader by
 * keyboard alone, renew its license and open the re-signed license's QR link. Uses a demo agency no other test
 * changes (not 100003's, not the a11y sweep's A0082) and puts its rows back afterwards.
 */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const OFFICE = { emsId: 'office@example.org', password: 'Demo-Office-2026!' };

async function expectNoAxeViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);
}

interface Picked {
	agency: Record<string, unknown> & { number: string; name: string; license_expires_on: string; license_number: string };
	affiliations: { id: string; role: string; revision: number; field_revisions: string | null }[];
	member: { ems: string; name: string };
}

let picked: Picked;

test.beforeAll(() => {
	const db = serverDatabase();
	try {
		const agency = db
			.prepare(
				`select * from agencies a where a.type = 'bls_ground' and a.number <> 'A0082' and a.deleted_at is null
				 and not exists (select 1 from affiliations f where f.agency_number = a.number and f.ems_number in ('100001', '100002', '100003'))
				 order by a.number limit 1 offset 2`
			)
			.get() as Picked['agency'];
		const affiliations = db.prepare(`select id, role, revision, field_revisions from affiliations where agency_number = ?`).all(agency.number) as Picked['affiliations'];
		const m = db
			.prepare(
				`select p.ems_number, p.first_name, p.last_name from affiliations f join persons p on p.ems_number = f.ems_number
				 where f.agency_number = ? and f.role = 'member' and f.ended_on is null and f.deleted_at is null order by p.ems_number limit 1`
			)
			.get(agency.number) as { ems_number: string; first_name: string; last_name: string };
		picked = { agency, affiliations, member: { ems: m.ems_number, name: `${m.first_name} ${m.last_name}` } };
	} finally {
		db.close();
	}
});

/** Puts the agency, its affiliations and its license history back as the demo had them, with a new revision. */
test.afterAll(() => {
	const db = new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { fileMustExist: true });
	try {
		db.transaction(() => {
			const { value } = db.prepare(`update counters set value = value + 1 where name = 'revision' returning value`).get() as { value: number };
			const a = picked.agency;
			const columns = Object.keys(a).filter((c) => c !== 'number' && c !== 'revision' && c !== 'field_revisions');
			db.prepare(`update agencies set ${columns.map((c) => `${c} = @${c}`).join(', ')}, revision = @rev, field_revisions = null where number = @number`).run({ ...a, rev: value });
			db.prepare(`delete from agency_license_history where agency_number = ?`).run(a.number);
			const kept = new Set(picked.affiliations.map((f) => f.id));
			for (const f of db.prepare(`select id from affiliations where agency_number = ?`).all(a.number) as { id: string }[]) {
				if (!kept.has(f.id)) db.prepare(`delete from affiliations where id = ?`).run(f.id);
			}
			for (const f of picked.affiliations) db.prepare(`update affiliations set role = ?, revision = ?, field_revisions = null where id = ?`).run(f.role, value, f.id);
		})();
	} finally {
		db.close();
	}
});

test('the office edits an agency’s facts, grants and removes a squad leader by keyboard, and renews its license', async ({ page, context, browser }) => {
	test.setTimeout(120_000);
	const { agency, member } = picked;
	await logIn(page, OFFICE);
	await page.getByRole('link', { name: 'People and agencies' }).click();
	await page.getByLabel('Find a person or agency').fill(agency.number);
	await page.getByRole('button', { name: 'Search' }).click();
	await page.getByRole('table', { name: /Agencies matching/ }).getByRole('link', { name: agency.name }).click();
	await expect(page.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();

	// Signed in more than 10 minutes ago: nothing can be changed until "Confirm it's you".
	await expireConfirmation(page);
	await page.reload();
	await expect(page.getByRole('button', { name: 'Save agency facts' })).toHaveCount(0);
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: "Confirm it's you" }).click();
	await page.getByLabel('Password').fill(OFFICE.password);
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();

	// Facts: a bad phone is refused beside the field and what was typed stays; then saved.
	const facts = page.getByRole('region', { name: 'Edit agency facts' });
	await facts.getByLabel('Primary contact person').fill('Dana Olson');
	await facts.getByLabel('Agency phone').fill('12');
	await facts.getByRole('button', { name: 'Save agency facts' }).click();
	await expect(facts.getByLabel('Agency phone')).toHaveAttribute('aria-invalid', 'true');
	await expect(facts.locator('#f-phone-error')).toContainText('Agency phone');
	await expect(facts.getByLabel('Primary contact person')).toHaveValue('Dana Olson');
	await expectNoAxeViolations(page);
	await facts.getByLabel('Agency phone').fill('701-555-0142');
	await facts.getByRole('button', { name: 'Save agency facts' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved:' })).toContainText('Primary contact person');
	await expect(page.locator('dl.record')).toContainText('Dana Olson');
	await expect(page.locator('dl.record')).toContainText('(701) 555-0142');

	// Squad leaders, by keyboard alone: type the member's ND EMS # and press Enter; then Tab to Remove and press Space.
	const leaders = page.getByRole('region', { name: 'Squad leaders' });
	await leaders.getByLabel('ND EMS # of the new squad leader').focus();
	await page.keyboard.type(member.ems);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: `${member.name} is now a squad leader` })).toBeVisible();
	const row = leaders.getByTestId('squad-leader').filter({ hasText: member.ems });
	await expect(row).toBeVisible();
	// Granting again is refused with a sentence beside the field.
	await leaders.getByLabel('ND EMS # of the new squad leader').fill(member.ems);
	await leaders.getByLabel('ND EMS # of the new squad leader').press('Enter');
	await expect(leaders.getByText(`${member.name} is already a squad leader`)).toBeVisible();
	await row.getByRole('button', { name: /^Remove squad-leader role from / }).focus();
	await page.keyboard.press('Space');
	await expect(page.getByRole('status').filter({ hasText: `${member.name} is no longer a squad leader` })).toBeVisible();
	await expect(leaders.getByTestId('squad-leader').filter({ hasText: member.ems })).toHaveCount(0);

	// An account that is not a member (100002): granted, their device shows the agency page after its next sync;
	// removed, it stops showing it.
	const medic = await browser.newContext();
	const medicPage = await medic.newPage();
	await leaders.getByLabel('ND EMS # of the new squad leader').fill(PARAMEDIC.emsId);
	await leaders.getByRole('button', { name: 'Grant squad-leader role' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'They were added as a member from today.' })).toBeVisible();
	await logIn(medicPage, PARAMEDIC);
	await openDashboard(medicPage);
	const agencyLink = medicPage.getByRole('link', { name: `Agency page for ${agency.name}` });
	await expect(agencyLink).toBeVisible();
	await agencyLink.click();
	await expect(medicPage.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();
	await leaders.getByTestId('squad-leader').filter({ hasText: PARAMEDIC.emsId }).getByRole('button', { name: /^Remove squad-leader role from / }).click();
	await expect(page.getByRole('status').filter({ hasText: 'is no longer a squad leader' })).toBeVisible();
	await openDashboard(medicPage);
	await expect(medicPage.getByRole('region', { name: 'Your agencies' })).toContainText(agency.name);
	await expect(agencyLink).toHaveCount(0);
	await medic.close();

	// Renewal: the next two-year term to June 30, the old expiration in the history, the QR link re-signed.
	const license = page.getByRole('region', { name: 'Agency license' });
	const next = `${Number(agency.license_expires_on.slice(0, 4)) + 2}-06-30`;
	await license.getByRole('button', { name: 'Renew agency license' }).click();
	await expect(page.getByRole('status').filter({ hasText: `${agency.license_number} is renewed to ${next}.` })).toBeVisible();
	await expect(page.getByTestId('agency-license')).toContainText(next);
	await expect(license.getByRole('table', { name: 'Earlier expirations' })).toContainText(agency.license_expires_on);
	await expectNoAxeViolations(page);
	const link = await page.getByRole('link', { name: 'Open the re-signed license’s verification link' }).getAttribute('href');
	const scanner = await context.newPage();
	await scanner.goto(link!.replace(/^HTTPS:\/\/[^/]+/i, ''));
	await expect(scanner.getByText(agency.name).first()).toBeVisible();
	await expect(scanner.getByText(longDate(next)).first()).toBeVisible();

	// At 360 px the page fits without sideways scrolling.
	await page.setViewportSize({ width: 360, height: 740 });
	await page.reload();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await page.screenshot({ path: 'test-results/office-agency-360.png', fullPage: true });
});

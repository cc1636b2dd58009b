import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { encode } from 'fast-png';
import { fullName } from '../../src/lib/domain/format';
import { chooseSections, expireConfirmation, openDashboard, openEdit } from './support/edit';
import { clearMessages, receivedMessages } from './support/messages';
import { logIn, PARAMEDIC, serverDatabase } from './support/sync';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const OFFICE = { emsId: 'office@example.org', password: 'Demo-Office-2026!' };
const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };

async function expectNoAxeViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);
}

/**
 * The approval renames the demo Paramedic; the tests after this file (Print License, verify…) expect the demo's
 * "Kristin Aasen". Put it back in the e2e server's database, with a new revision so any device pulls it.
 */
let added: { agency: string; ems: string } | null = null;
test.afterAll(() => {
	const db = new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { fileMustExist: true });
	try {
		db.transaction(() => {
			const { value } = db.prepare(`update counters set value = value + 1 where name = 'revision' returning value`).get() as { value: number };
			db.prepare(`update persons set last_name = 'Aasen', revision = ?, field_revisions = null where ems_number = '100002'`).run(value);
			// The Paramedic the leader added (approved here) leaves the leader's agency again.
			if (added) db.prepare(`delete from affiliations where agency_number = ? and ems_number = ?`).run(added.agency, added.ems);
		})();
	} finally {
		db.close();
	}
});

/** A name no other test uses (names take letters only). */
const uniqueName = (prefix: string) => `${prefix}${Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;

function smallPhoto(): Buffer {
	const width = 320;
	const height = 200;
	const data = new Uint8Array(width * height * 3).map((_, i) => (i * 7) % 255);
	return Buffer.from(encode({ width, height, data, channels: 3, depth: 8 }));
}

/** From the dashboard, asks for a new last name (with a document photo when given) and comes back to it. */
async function askForNameChange(page: Page, password: string, lastName: string, photo?: Buffer) {
	await openEdit(page, password);
	await chooseSections(page, { name: 'Yes', contact: 'No' });
	await expect(page.getByLabel('Last name')).not.toHaveValue('');
	await page.getByLabel('Last name').fill(lastName);
	await page.getByLabel('Reason for the change').fill('Marriage');
	if (photo) await page.getByLabel('Photo of a document (optional)').setInputFiles({ name: 'certificate.png', mimeType: 'image/png', buffer: photo });
	await page.getByRole('button', { name: 'Submit & Continue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Thank you' })).toBeVisible();
	await page.getByRole('link', { name: 'Account Dashboard Home' }).click();
	await expect(page.getByRole('region', { name: 'Pending requests' })).toContainText(lastName);
}

/** The leader's agency and a Paramedic of the demo who is in none of the leader's agencies and waits for nothing. */
function leaderAgencyAndParamedic(): { number: string; name: string; paramedic: { ems: string; name: string } } {
	const db = serverDatabase();
	try {
		const agency = db
			.prepare(`select a.number, a.name from agencies a join affiliations f on f.agency_number = a.number where f.ems_number = ? and f.role = 'squad_leader' and f.ended_on is null order by a.number limit 1`)
			.get(LEADER.emsId) as { number: string; name: string };
		const p = db
			.prepare(
				`select p.ems_number, p.first_name, p.middle_name, p.last_name, p.suffix from persons p join credentials c on c.ems_number = p.ems_number
				 where c.level = 'Paramedic' and c.status = 'active' and c.expires_on > date('now') and p.ems_number not in ('100001', '100002', '100003')
				 and not exists (select 1 from affiliations f where f.ems_number = p.ems_number and f.agency_number = ?)
				 and not exists (select 1 from change_requests r where r.ems_number = p.ems_number)
				 and (select count(*) from credentials c2 where c2.ems_number = p.ems_number) = 1
				 order by p.ems_number desc limit 1`
			)
			.get(agency.number) as { ems_number: string; first_name: string; middle_name: string | null; last_name: string; suffix: string | null };
		const name = fullName({ firstName: p.first_name, middleName: p.middle_name, lastName: p.last_name, suffix: p.suffix });
		return { ...agency, paramedic: { ems: p.ems_number, name } };
	} finally {
		db.close();
	}
}

/** Presses Tab (keyboard alone, no focus() call) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, max = 80) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((el) => el === document.activeElement)) return;
	}
	throw new Error(`Tab never reached ${target.toString()}`);
}

async function signedInPage(browser: Browser, who: { emsId: string; password: string }) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await logIn(page, who);
	return { context, page };
}

test('the office approves 100002’s name change and a squad leader’s Paramedic addition and returns another request, by keyboard; one sync later the dashboard, the roster and both inboxes know', async ({ browser }) => {
	test.setTimeout(180_000);
	await clearMessages();
	const approvedName = uniqueName('Aasen');
	const returnedName = uniqueName('Leader');
	const agency = leaderAgencyAndParamedic();
	const medicToAdd = agency.paramedic;

	const medic = await signedInPage(browser, PARAMEDIC);
	await openDashboard(medic.page);
	await askForNameChange(medic.page, PARAMEDIC.password, approvedName, smallPhoto());
	// The photo goes up once the request has an id; the office should see it.
	await expect(medic.page.getByTestId('sync-status')).toContainText('All changes saved');

	const leader = await signedInPage(browser, LEADER);
	await leader.page.goto('/dashboard');
	await openDashboard(leader.page, LEADER.emsId);
	await askForNameChange(leader.page, LEADER.password, returnedName);
	await expect(leader.page.getByTestId('sync-status')).toContainText('All changes saved');

	// The squad leader adds a Paramedic from the roster: it waits for the office.
	await leader.page.goto(`/agency/${agency.number}`);
	await expect(leader.page.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();
	await leader.page.getByText('Add a member').click();
	await leader.page.getByLabel('ND EMS #', { exact: true }).fill(medicToAdd.ems);
	await leader.page.getByRole('button', { name: 'Look up' }).click();
	await expect(leader.page.locator('.found')).toContainText('Paramedic');
	await leader.page.getByRole('button', { name: /^Send .* to the state EMS office for approval$/ }).click();
	const waiting = leader.page.getByTestId('waiting-addition').filter({ hasText: medicToAdd.ems });
	await expect(leader.page.getByTestId('sync-status')).toContainText('All changes saved', { timeout: 20_000 });
	await expect(waiting).toContainText('Waiting for the state EMS office');

	const office = await signedInPage(browser, OFFICE);
	const page = office.page;
	await expect(page.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
	const names = page.getByRole('navigation', { name: 'Filter by kind' }).getByRole('link', { name: /Legal name changes \(\d+\)/ });
	await expect(names).toBeVisible();
	await expectNoAxeViolations(page);

	// Oldest first: the medic asked before the leader.
	const rows = page.getByRole('row');
	const medicRow = rows.filter({ hasText: approvedName });
	const leaderRow = rows.filter({ hasText: returnedName });
	const additionRow = rows.filter({ hasText: `${medicToAdd.name} to agency ${agency.number}` });
	await expect(medicRow).toBeVisible();
	await expect(leaderRow).toBeVisible();
	await expect(additionRow).toBeVisible();
	const texts = await rows.allTextContents();
	expect(texts.findIndex((t) => t.includes(approvedName))).toBeLessThan(texts.findIndex((t) => t.includes(returnedName)));

	// Keyboard alone from here on in the queue: Tab to the request's link, Enter opens it.
	const medicHref = await medicRow.getByRole('link').getAttribute('href');
	await tabTo(page, medicRow.getByRole('link'));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Name change' })).toBeVisible();
	const compare = page.getByRole('table', { name: 'Current and requested name' });
	await expect(compare.getByRole('row', { name: /Last name/ })).toContainText('Aasen');
	await expect(compare.getByRole('row', { name: /Last name/ })).toContainText(approvedName);
	const photo = page.getByRole('img', { name: /Document sent with the name change/ });
	await expect(photo).toBeVisible();
	// Visible is not loaded: the image may still be on its way (a busy machine showed it), so wait for its pixels.
	await expect.poll(() => photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBeGreaterThan(0);
	await expectNoAxeViolations(page);

	// A confirmation older than 10 minutes: "Confirm it's you" before deciding.
	await expireConfirmation(page);
	await page.reload();
	await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
	await tabTo(page, page.getByRole('link', { name: "Confirm it's you" }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: "Confirm it's you" })).toBeVisible();
	await tabTo(page, page.getByLabel('Password'));
	await page.keyboard.type(OFFICE.password);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Name change' })).toBeVisible();
	await tabTo(page, page.getByRole('button', { name: 'Approve' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();

	// The Paramedic addition: opened and approved by keyboard.
	await tabTo(page, page.getByRole('link', { name: 'Review queue' }).first());
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
	// Gone from the queue (other requests of 100002's, left by earlier tests, now show her new name: match the link).
	await expect(page.locator(`a[href="${medicHref}"]`)).toHaveCount(0);
	await tabTo(page, additionRow.getByRole('link'));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Roster addition' })).toBeVisible();
	await expect(page.getByText(`${agency.name} (${agency.number})`)).toBeVisible();
	await expectNoAxeViolations(page);
	await tabTo(page, page.getByRole('button', { name: 'Approve' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
	added = { agency: agency.number, ems: medicToAdd.ems };

	// The leader's name change, returned by keyboard: first without a reason (refused beside the field), then with one.
	await tabTo(page, page.getByRole('link', { name: 'Review queue' }).first());
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
	await tabTo(page, page.getByRole('row').filter({ hasText: returnedName }).getByRole('link'));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Name change' })).toBeVisible();
	await tabTo(page, page.getByRole('button', { name: 'Return' }));
	await page.keyboard.press('Enter');
	const reason = page.getByLabel('Reason');
	await expect(reason).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('Give the reason for returning this request')).toBeVisible();
	// Shift+Tab back to the reason from the button, type it, Tab forward to Return.
	await expect(reason).not.toBeFocused();
	for (let i = 0; i < 5 && !(await reason.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Shift+Tab');
	await expect(reason).toBeFocused();
	await page.keyboard.type('The marriage certificate is missing.');
	await tabTo(page, page.getByRole('button', { name: 'Return' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Returned with your reason.' })).toBeVisible();

	// One sync later, 100002's dashboard has the new name and nothing pending.
	await openDashboard(medic.page);
	await expect(medic.page.locator('.who .name')).toContainText(approvedName);
	// Nothing of this request is pending (earlier tests in the suite may leave other requests of 100002's waiting).
	await expect(medic.page.getByRole('region', { name: 'Pending requests' }).filter({ hasText: approvedName })).toHaveCount(0);
	const decided = medic.page.getByRole('region', { name: 'Office decisions' });
	await expect(decided).toContainText(`Your name change to`);
	await expect(decided).toContainText('was approved');
	await expectNoAxeViolations(medic.page);
	await decided.getByRole('button', { name: 'Dismiss' }).click();
	await expect(decided).toHaveCount(0);

	await openDashboard(leader.page, LEADER.emsId);
	const returned = leader.page.getByRole('region', { name: 'Office decisions' });
	await expect(returned).toContainText('was returned');
	await expect(returned).toContainText('The marriage certificate is missing.');
	await expect(leader.page.locator('.who .name')).not.toContainText(returnedName);

	// The leader's roster: the Paramedic is a current member, and nothing waits for the office.
	await leader.page.goto(`/agency/${agency.number}`);
	await expect(leader.page.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();
	await expect(leader.page.getByTestId('sync-status')).toContainText('All changes saved');
	await expect(leader.page.getByTestId('waiting-addition').filter({ hasText: medicToAdd.ems })).toHaveCount(0);
	await leader.page.getByLabel('Search by name or ND EMS #').fill(medicToAdd.ems);
	await expect(leader.page.getByTestId('roster-row')).toHaveCount(1);
	await expect(leader.page.getByTestId('roster-row')).toContainText(`Paramedic · ND EMS # ${medicToAdd.ems}`);

	// Both were emailed (the e2e server's real SMTP sink).
	await expect
		.poll(async () => (await receivedMessages()).filter((m) => m.subject.startsWith('Your EMS Registry')).map((m) => `${m.to}: ${m.subject}`))
		.toEqual(
			expect.arrayContaining([
				'medic@example.org: Your EMS Registry name change was approved',
				'leader@example.org: Your EMS Registry name change was returned',
				'leader@example.org: Your EMS Registry roster addition was approved'
			])
		);
	const toLeader = (await receivedMessages()).find((m) => m.to === 'leader@example.org' && m.subject.includes('name change'));
	expect(toLeader?.text).toContain('The marriage certificate is missing.');
	const addition = (await receivedMessages()).find((m) => m.subject.includes('roster addition'));
	expect(addition?.text).toContain(`${medicToAdd.name} to agency ${agency.number}`);

	for (const c of [medic.context, leader.context, office.context]) await c.close();
});

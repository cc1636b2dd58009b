import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { encode } from 'fast-png';
import { chooseSections, expireConfirmation, openDashboard, openEdit } from './support/edit';
import { clearMessages, receivedMessages } from './support/messages';
import { logIn, PARAMEDIC } from './support/sync';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const OFFICE = { emsId: 'office@example.org', password: 'Demo-Office-2026!' };
const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };

async function expectNoAxeViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);
}

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

async function signedInPage(browser: Browser, who: { emsId: string; password: string }) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await logIn(page, who);
	return { context, page };
}

test('the office approves 100002’s name change and returns another with a reason; the devices and inboxes learn it', async ({ browser }) => {
	test.setTimeout(120_000);
	await clearMessages();
	const approvedName = uniqueName('Aasen');
	const returnedName = uniqueName('Leader');

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
	await expect(medicRow).toBeVisible();
	await expect(leaderRow).toBeVisible();
	const texts = await rows.allTextContents();
	expect(texts.findIndex((t) => t.includes(approvedName))).toBeLessThan(texts.findIndex((t) => t.includes(returnedName)));

	// Keyboard alone: focus the request's link, open it with Enter.
	await medicRow.getByRole('link').focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Name change' })).toBeVisible();
	const compare = page.getByRole('table', { name: 'Current and requested name' });
	await expect(compare.getByRole('row', { name: /Last name/ })).toContainText('Aasen');
	await expect(compare.getByRole('row', { name: /Last name/ })).toContainText(approvedName);
	const photo = page.getByRole('img', { name: /Document sent with the name change/ });
	await expect(photo).toBeVisible();
	expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	await expectNoAxeViolations(page);

	// A confirmation older than 10 minutes: "Confirm it's you" before deciding.
	await expireConfirmation(page);
	await page.reload();
	await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
	await page.getByRole('link', { name: "Confirm it's you" }).click();
	await page.getByLabel('Password').fill(OFFICE.password);
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Name change' })).toBeVisible();
	await page.getByRole('button', { name: 'Approve' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();

	// The leader's request, returned by keyboard: first without a reason (refused beside the field), then with one.
	await page.getByRole('link', { name: 'Review queue' }).first().click();
	await expect(page.getByRole('row').filter({ hasText: approvedName })).toHaveCount(0);
	await page.getByRole('row').filter({ hasText: returnedName }).getByRole('link').focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Name change' })).toBeVisible();
	await page.getByRole('button', { name: 'Return' }).focus();
	await page.keyboard.press('Enter');
	const reason = page.getByLabel('Reason');
	await expect(reason).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('Give the reason for returning this request')).toBeVisible();
	await reason.focus();
	await page.keyboard.type('The marriage certificate is missing.');
	await page.getByRole('button', { name: 'Return' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Returned with your reason.' })).toBeVisible();

	// One sync later, 100002's dashboard has the new name and nothing pending.
	await openDashboard(medic.page);
	await expect(medic.page.locator('.who .name')).toContainText(approvedName);
	await expect(medic.page.getByRole('region', { name: 'Pending requests' })).toHaveCount(0);
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

	// Both were emailed (the e2e server's real SMTP sink).
	await expect
		.poll(async () => (await receivedMessages()).filter((m) => m.subject.includes('name change')).map((m) => `${m.to}: ${m.subject}`))
		.toEqual(expect.arrayContaining(['medic@example.org: Your EMS Registry name change was approved', 'leader@example.org: Your EMS Registry name change was returned']));
	const toLeader = (await receivedMessages()).find((m) => m.to === 'leader@example.org' && m.subject.includes('name change'));
	expect(toLeader?.text).toContain('The marriage certificate is missing.');

	for (const c of [medic.context, leader.context, office.context]) await c.close();
});

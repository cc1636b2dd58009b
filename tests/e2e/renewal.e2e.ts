import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { encode } from 'fast-png';
import { openDashboard } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, PARAMEDIC, syncStatus } from './support/sync';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const OFFICE = { emsId: 'office@example.org', password: 'Demo-Office-2026!' };

async function expectNoAxeViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);
}

function cardPhoto(): Buffer {
	const width = 320;
	const height = 200;
	const data = new Uint8Array(width * height * 3).map((_, i) => (i * 11) % 255);
	return Buffer.from(encode({ width, height, data, channels: 3, depth: 8 }));
}

/** The e2e server's database, writable: the test puts 100002's license back as the demo has it, for the tests after it. */
function restoreDemoLicense(before: { expires_on: string; nremt_expires_on: string; issued_on: string }) {
	const db = new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { fileMustExist: true });
	try {
		db.transaction(() => {
			const { value } = db.prepare(`update counters set value = value + 1 where name = 'revision' returning value`).get() as { value: number };
			db.prepare(`update credentials set expires_on = ?, nremt_expires_on = ?, issued_on = ?, revision = ?, field_revisions = null where number = 'P-004321'`).run(
				before.expires_on,
				before.nremt_expires_on,
				before.issued_on,
				value
			);
			db.prepare(`update change_requests set deleted_at = ? where ems_number = '100002' and kind = 'renewal'`).run(new Date().toISOString());
		})();
	} finally {
		db.close();
	}
}

function demoLicense() {
	const db = new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { readonly: true, fileMustExist: true });
	try {
		return db.prepare(`select expires_on, nremt_expires_on, issued_on from credentials where number = 'P-004321'`).get() as { expires_on: string; nremt_expires_on: string; issued_on: string };
	} finally {
		db.close();
	}
}

test('100002 renews her Paramedic license: drafts offline, finds the draft after reopening, submits, the office approves, the dashboard shows the new expiration', async ({ browser }) => {
	test.setTimeout(120_000);
	const before = demoLicense();
	expect(before.expires_on).toBe('2027-03-31');
	const context = await browser.newContext();
	const page = await context.newPage();
	try {
		await logIn(page, PARAMEDIC);
		await openDashboard(page);
		await waitForServiceWorkerControl(page);
		const recert = page.getByRole('region', { name: 'Recertification' });
		await expect(recert.getByTestId('renewal-window')).toHaveText('Renewal is open until March 31, 2027.');
		await recert.getByRole('link', { name: 'Renew' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Renewal' })).toBeVisible();
		await expect(page.getByText(/NREMT number on file: P\d+/)).toBeVisible();
		const submit = page.getByRole('button', { name: 'Submit renewal' });
		await expect(submit).toBeDisabled();

		// Offline: part of the application, then the app is closed and opened again.
		await context.setOffline(true);
		await page.getByLabel('New NREMT expiration').fill('2026-03-31');
		await expect(page.getByLabel('New NREMT expiration')).toHaveAccessibleDescription(/The new NREMT expiration must be after the one on file \(2027-03-31\)\./);
		await expect(page.getByLabel('New NREMT expiration')).toHaveAttribute('aria-invalid', 'true');
		await page.getByLabel('New NREMT expiration').fill('2029-03-31');
		await page.getByLabel(/no criminal conviction/).check();
		await expect(page.getByText('Still needed before you can submit')).toBeVisible();
		await expect(page.getByText('Add a photo of your NREMT card or certificate.')).toBeVisible();
		await expect(submit).toBeDisabled();
		await expectNoAxeViolations(page);
		expect((await page.reload())?.fromServiceWorker()).toBe(true);
		await expect(page.getByLabel('New NREMT expiration')).toHaveValue('2029-03-31');
		await expect(page.getByLabel(/no criminal conviction/)).toBeChecked();
		await expect(page.getByTestId('renewal-status')).toContainText('Renewal draft saved');

		// A file that is not an image is refused at the field; the card photo is kept.
		await page.getByLabel('Photo of your NREMT card or certificate').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
		await expect(page.getByText(/Choose a photo/)).toBeVisible();
		await page.getByLabel('Photo of your NREMT card or certificate').setInputFiles({ name: 'nremt-card.png', mimeType: 'image/png', buffer: cardPhoto() });
		await expect(page.getByText('Attached: nremt-card.jpg')).toBeVisible();
		await page.getByLabel(/is limited, suspended or revoked/).check();
		await expect(page.getByLabel('Agency you serve with')).not.toHaveValue('');
		await expect(submit).toBeEnabled();
		await submit.click();
		await expect(page.getByTestId('renewal-status')).toContainText('it is sent when you are online');

		await context.setOffline(false);
		await expect(page.getByTestId('renewal-status')).toContainText('in review at the state EMS office', { timeout: 15_000 });
		await expect(syncStatus(page)).toContainText('All changes saved');
		await expectNoAxeViolations(page);

		// The office approves it.
		const officeContext = await browser.newContext();
		const office = await officeContext.newPage();
		await logIn(office, OFFICE);
		await office.getByRole('navigation', { name: 'Filter by kind' }).getByRole('link', { name: /Renewals \(\d+\)/ }).click();
		await office.getByRole('row').filter({ hasText: 'P-004321' }).getByRole('link').click();
		await expect(office.getByRole('heading', { level: 1, name: 'Renewal' })).toBeVisible();
		await expect(office.getByText('2029-03-31').first()).toBeVisible();
		await expect(office.getByRole('img', { name: /NREMT card sent with the renewal/ })).toBeVisible();
		await expectNoAxeViolations(office);
		await office.getByRole('button', { name: 'Approve' }).click();
		await expect(office.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
		await officeContext.close();

		// One sync later the dashboard has the new expiration, same license number.
		await openDashboard(page);
		await expect(page.getByText('P-004321')).toBeVisible();
		await expect(page.getByRole('region', { name: /license|certification/i }).first()).toContainText('March 31, 2029');
		await expect(page.getByRole('region', { name: 'Recertification' }).getByTestId('renewal-status')).toContainText('Renewal approved');
		await expect(page.getByText('Submitted a renewal application')).toBeVisible();
		await page.screenshot({ path: 'test-results/renewal-dashboard.png', fullPage: true });
	} finally {
		await context.close();
		restoreDemoLicense(before);
	}
});

test('a renewal the office returns with a reason is corrected and submitted again', async ({ browser }) => {
	test.setTimeout(120_000);
	const before = demoLicense();
	const context = await browser.newContext();
	const page = await context.newPage();
	const reason = 'The card photo is unreadable; send a sharper one.';
	try {
		await logIn(page, PARAMEDIC);
		await openDashboard(page);
		await page.getByRole('region', { name: 'Recertification' }).getByRole('link', { name: 'Renew' }).click();
		await page.getByLabel('New NREMT expiration').fill('2029-03-31');
		await page.getByLabel('Photo of your NREMT card or certificate').setInputFiles({ name: 'blurry.png', mimeType: 'image/png', buffer: cardPhoto() });
		await page.getByLabel(/no criminal conviction/).check();
		await page.getByLabel(/is limited, suspended or revoked/).check();
		await page.getByRole('button', { name: 'Submit renewal' }).click();
		await expect(page.getByTestId('renewal-status')).toContainText('in review at the state EMS office', { timeout: 15_000 });

		const officeContext = await browser.newContext();
		const office = await officeContext.newPage();
		await logIn(office, OFFICE);
		await office.getByRole('navigation', { name: 'Filter by kind' }).getByRole('link', { name: /Renewals \(\d+\)/ }).click();
		await office.getByRole('row').filter({ hasText: 'P-004321' }).getByRole('link').click();
		await office.getByLabel('Reason').fill(reason);
		await office.getByRole('button', { name: 'Return' }).click();
		await expect(office.getByRole('status').filter({ hasText: 'Returned with your reason.' })).toBeVisible();
		await officeContext.close();

		await openDashboard(page);
		const recert = page.getByRole('region', { name: 'Recertification' });
		await expect(recert.getByTestId('renewal-status')).toContainText(`Renewal returned by the state EMS office. Correct it and submit again. Reasons from the office: ${reason}`);
		await recert.getByRole('link', { name: 'Correct renewal' }).click();
		await expect(page.getByText(`Reasons from the office: ${reason}`)).toBeVisible();
		// What was sent is still there; only the photo needs replacing.
		await expect(page.getByLabel('New NREMT expiration')).toHaveValue('2029-03-31');
		await page.getByLabel('Photo of your NREMT card or certificate').setInputFiles({ name: 'sharp.png', mimeType: 'image/png', buffer: cardPhoto() });
		await expect(page.getByTestId('renewal-status')).toContainText('Renewal draft saved');
		// A phone's width: nothing scrolls sideways.
		await page.setViewportSize({ width: 360, height: 800 });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await page.screenshot({ path: 'test-results/renewal-page-360.png', fullPage: true });
		await page.getByRole('button', { name: 'Submit renewal' }).click();
		await expect(page.getByTestId('renewal-status')).toContainText('in review at the state EMS office', { timeout: 15_000 });
		await expectNoAxeViolations(page);
	} finally {
		await context.close();
		restoreDemoLicense(before);
	}
});

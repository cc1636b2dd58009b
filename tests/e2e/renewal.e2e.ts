import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

/** A one-page PDF, as an NREMT certificate downloaded from the National Registry would be. */
function certificatePdf(): Buffer {
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		'<< /Length 58 >>\nstream\nBT /F1 24 Tf 72 700 Td (NREMT Paramedic 2029-03-31) Tj ET\nendstream',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(body.length);
		body += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

/** Opens Print License (confirming with the password if asked), prints, and returns the PDF's text (pdftotext). */
async function printedLicenseText(page: Page, password: string, name: string): Promise<string> {
	await page.goto('/print-license');
	const heading = page.getByRole('heading', { level: 1, name: /Printing License|Confirm it.s you/ });
	await expect(heading).toBeVisible();
	if ((await heading.textContent())?.startsWith('Confirm')) {
		await page.getByLabel('Password', { exact: true }).fill(password);
		await page.getByRole('button', { name: 'Confirm' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Printing License' })).toBeVisible();
	}
	const downloading = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Print', exact: true }).click();
	const download = await downloading;
	const dir = resolve('test-results', 'renewal');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${name}-${download.suggestedFilename()}`);
	await download.saveAs(file);
	return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const e2eDatabase = (readonly = false) => new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { readonly, fileMustExist: true });
const longDate = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

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
	const context = await browser.newContext({ acceptDownloads: true });
	let page = await context.newPage();
	try {
		await logIn(page, PARAMEDIC);
		await openDashboard(page);
		await waitForServiceWorkerControl(page);
		const recert = page.getByRole('region', { name: 'Recertification' });
		await expect(recert.getByTestId('renewal-window')).toHaveText('Renewal is open until March 31, 2027.');
		await recert.getByRole('link', { name: 'Renew' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Renewal' })).toBeVisible();
		await expect(page.getByText(/NREMT number on file: P\d+/)).toBeVisible();
		let submit = page.getByRole('button', { name: 'Submit renewal' });
		await expect(submit).toBeDisabled();

		// Offline: part of the application, then the app is closed and opened again.
		await context.setOffline(true);
		await page.getByLabel('New NREMT expiration').fill('2026-03-31');
		await expect(page.getByLabel('New NREMT expiration')).toHaveAccessibleDescription(/The new NREMT expiration must be after the one on file \(2027-03-31\)\./);
		await expect(page.getByLabel('New NREMT expiration')).toHaveAttribute('aria-invalid', 'true');
		await page.getByLabel('New NREMT expiration').fill('2035-03-31');
		await expect(page.getByLabel('New NREMT expiration')).toHaveAccessibleDescription(/cannot be more than 3 years from today/);
		await page.getByLabel('New NREMT expiration').fill('2029-03-31');
		await expect(page.getByLabel('New NREMT expiration')).not.toHaveAttribute('aria-invalid', 'true');
		// A statement taken back is said beside its box.
		const criminal = page.getByLabel(/no criminal conviction/);
		await criminal.check();
		await criminal.uncheck();
		await expect(criminal).toHaveAccessibleDescription('Confirm the criminal history statement, or call the office if you cannot.');
		await expect(criminal).toHaveAttribute('aria-invalid', 'true');
		await criminal.check();
		await expect(criminal).not.toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByText('Still needed before you can submit')).toBeVisible();
		await expect(page.getByText('Add a photo or PDF of your NREMT card or certificate.')).toBeVisible();
		await expect(submit).toBeDisabled();
		await expectNoAxeViolations(page);
		// The app is closed (its page goes away) and opened again, still offline: the draft is on the device.
		await page.close();
		page = await context.newPage();
		submit = page.getByRole('button', { name: 'Submit renewal' });
		expect((await page.goto('/renewal'))?.fromServiceWorker()).toBe(true);
		await expect(page.getByRole('heading', { level: 1, name: 'Renewal' })).toBeVisible();
		await expect(page.getByLabel('New NREMT expiration')).toHaveValue('2029-03-31');
		await expect(page.getByLabel(/no criminal conviction/)).toBeChecked();
		await expect(page.getByTestId('renewal-status')).toContainText('Renewal draft saved');

		// A file that is not an image or a PDF is refused at the field, whatever its name says; what was typed stays.
		const card = page.getByLabel('Photo or PDF of your NREMT card or certificate');
		await card.setInputFiles({ name: 'card.pdf', mimeType: 'application/pdf', buffer: Buffer.from('hello, not a PDF') });
		await expect(card).toHaveAccessibleDescription('That file is not a photo or a PDF. Take a photo of the certificate, or choose its PDF.');
		await expect(card).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('New NREMT expiration')).toHaveValue('2029-03-31');
		// The NREMT certificate as its PDF.
		await card.setInputFiles({ name: 'nremt-certificate.pdf', mimeType: 'application/pdf', buffer: certificatePdf() });
		await expect(page.getByText('Attached: nremt-certificate.pdf')).toBeVisible();
		await expect(card).not.toHaveAttribute('aria-invalid', 'true');
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
		const certificate = office.getByRole('link', { name: /Open the NREMT certificate sent with the renewal \(PDF, nremt-certificate\.pdf\)/ });
		await expect(certificate).toBeVisible();
		const sent = await office.request.get((await certificate.getAttribute('href'))!);
		expect(sent.headers()['content-type']).toBe('application/pdf');
		expect((await sent.body()).subarray(0, 5).toString()).toBe('%PDF-');
		await expectNoAxeViolations(office);
		await office.getByRole('button', { name: 'Approve' }).click();
		await expect(office.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
		await officeContext.close();

		// One sync later the dashboard has the new expiration, same license number.
		await openDashboard(page);
		await expect(page.getByText('P-004321')).toBeVisible();
		await expect(page.getByRole('region', { name: /license|certification/i }).first()).toContainText('March 31, 2029');
		await expect(page.getByRole('region', { name: 'Recertification' }).getByTestId('renewal-status')).toContainText('Renewal approved');
		const activity = page.getByRole('region', { name: 'Recent activity' });
		await expect(activity.getByText('Submitted a renewal application')).toBeVisible();
		await expect(activity.getByRole('listitem').filter({ hasText: 'Renewal approved' })).toContainText('New expiration: March 31, 2029');
		await page.screenshot({ path: 'test-results/renewal-dashboard.png', fullPage: true });
		// The printed license carries the new expiration.
		const printed = await printedLicenseText(page, PARAMEDIC.password, 'approved');
		expect(printed).toContain('P-004321');
		expect(printed).toContain('March 31, 2029');
		expect(printed).not.toContain('March 31, 2027');
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
		await page.getByLabel('Photo or PDF of your NREMT card or certificate').setInputFiles({ name: 'blurry.png', mimeType: 'image/png', buffer: cardPhoto() });
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
		await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').filter({ hasText: 'Renewal returned by the state EMS office' })).toContainText(reason);
		await recert.getByRole('link', { name: 'Correct renewal' }).click();
		await expect(page.getByText(`Reasons from the office: ${reason}`)).toBeVisible();
		// What was sent is still there; only the photo needs replacing.
		await expect(page.getByLabel('New NREMT expiration')).toHaveValue('2029-03-31');
		await page.getByLabel('Photo or PDF of your NREMT card or certificate').setInputFiles({ name: 'sharp.png', mimeType: 'image/png', buffer: cardPhoto() });
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

/**
 * An EMR demo licensee no other test uses (the highest-numbered EMR with one credential, one current agency and an
 * account never activated), given a password, a certification in its renewal window and CE hours complete under the 2016 model for
 * this test; everything is put back afterwards.
 */
async function emrLicenseeInWindow() {
	const db = e2eDatabase();
	try {
		const person = db
			.prepare(
				`select p.ems_number as emsNumber, a.id as accountId, p.email, c.id, c.number, c.expires_on, c.issued_on, c.nremt_expires_on, c.status, f.agency_number as agencyNumber
				from persons p
				join credentials c on c.ems_number = p.ems_number and c.level = 'EMR' and c.status = 'active' and c.deleted_at is null
				join affiliations f on f.ems_number = p.ems_number and f.ended_on is null and f.deleted_at is null
				join accounts a on a.ems_number = p.ems_number and a.password_hash is null
				where p.ems_number not in ('100001', '100002', '100003') and p.deleted_at is null
				and (select count(*) from credentials c2 where c2.ems_number = p.ems_number) = 1
				and (select count(*) from affiliations f2 where f2.ems_number = p.ems_number and f2.ended_on is null) = 1
				order by p.ems_number desc limit 1`
			)
			.get() as { emsNumber: string; accountId: string; email: string; id: string; number: string; expires_on: string; issued_on: string; nremt_expires_on: string | null; status: string; agencyNumber: string };
		const password = 'Emr-Renewal-Test-2026!';
		const { default: argon2 } = await import('argon2');
		const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
		// The last day of the month two months from now: inside the window, which opens six months before it.
		const now = new Date();
		const expiresOn = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 0)).toISOString().slice(0, 10);
		const done = new Date(now.getTime() - 20 * 86_400_000).toISOString().slice(0, 10);
		const ce = [
			['Airway and ventilation', 1, 'national', 'airway'],
			['CPR and AED', 2.5, 'national', 'cardiovascular'],
			['Bleeding control', 0.5, 'national', 'trauma'],
			['Medical emergencies', 3, 'national', 'medical'],
			['Scene safety', 1, 'national', 'operations'],
			['Squad training nights', 4, 'local', null],
			['State EMS conference', 4, 'individual', null]
		].map(([title, hours, component, topic]) => ({ id: crypto.randomUUID(), title, hours, component, topic }));
		db.transaction(() => {
			const revision = () => (db.prepare(`update counters set value = value + 1 where name = 'revision' returning value`).get() as { value: number }).value;
			// Activated for the test (the demo's accounts have no password until Forgot Password is used).
			db.prepare(`update accounts set password_hash = ? where id = ?`).run(hash, person.accountId);
			db.prepare(`update credentials set expires_on = ?, revision = ?, field_revisions = null where id = ?`).run(expiresOn, revision(), person.id);
			const insert = db.prepare(
				`insert into ce_entries (id, ems_number, title, provider, completed_on, hours, format, component, topic, pediatric, course_number, certificate, revision, updated_at, deleted_at, field_revisions)
				values (?, ?, ?, 'Test provider', ?, ?, 'F1', ?, ?, 0, null, null, ?, ?, null, null)`
			);
			for (const e of ce) insert.run(e.id, person.emsNumber, e.title, done, e.hours, e.component, e.topic, revision(), now.toISOString());
		})();
		const restore = () => {
			const w = e2eDatabase();
			try {
				w.transaction(() => {
					const { value } = w.prepare(`update counters set value = value + 1 where name = 'revision' returning value`).get() as { value: number };
					w.prepare(`update credentials set expires_on = ?, issued_on = ?, nremt_expires_on = ?, status = ?, revision = ?, field_revisions = null, status_changed_at = null where id = ?`).run(
						person.expires_on,
						person.issued_on,
						person.nremt_expires_on,
						person.status,
						value,
						person.id
					);
					w.prepare(`delete from credential_history where credential_id = ?`).run(person.id);
					w.prepare(`delete from change_requests where ems_number = ? and kind = 'renewal'`).run(person.emsNumber);
					for (const e of ce) w.prepare(`delete from ce_entries where id = ?`).run(e.id);
					w.prepare(`update accounts set password_hash = null where id = ?`).run(person.accountId);
					w.prepare(`delete from sessions where account_id = ?`).run(person.accountId);
				})();
			} finally {
				w.close();
			}
		};
		return { ...person, password, expiresOn, restore };
	} finally {
		db.close();
	}
}

test('an EMR renews the state certification on CE hours counted under the 2016 model; the office approves it', async ({ browser }) => {
	test.setTimeout(120_000);
	const emr = await emrLicenseeInWindow();
	const context = await browser.newContext();
	const page = await context.newPage();
	try {
		await logIn(page, { emsId: emr.emsNumber, password: emr.password });
		await openDashboard(page, emr.emsNumber);
		const recert = page.getByRole('region', { name: 'Recertification' });
		await expect(recert.getByTestId('renewal-window')).toHaveText(`Renewal is open until ${longDate(emr.expiresOn)}.`);
		await recert.getByRole('link', { name: 'Renew' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Renewal' })).toBeVisible();
		await expect(page.getByText('Complete: your NCCP 2016 model hours are all counted.')).toBeVisible();
		// No NREMT card for a state EMR certification.
		await expect(page.getByLabel('Photo or PDF of your NREMT card or certificate')).toHaveCount(0);
		const submit = page.getByRole('button', { name: 'Submit renewal' });
		// Without the statements it says what is missing and cannot be sent.
		await expect(page.getByText('Confirm the criminal history statement, or call the office if you cannot.')).toBeVisible();
		await expect(submit).toBeDisabled();
		await page.getByLabel(/no criminal conviction/).check();
		await page.getByLabel(/is limited, suspended or revoked/).check();
		await page.getByLabel('Agency you serve with').selectOption(emr.agencyNumber);
		await expectNoAxeViolations(page);
		await submit.click();
		await expect(page.getByTestId('renewal-status')).toContainText('in review at the state EMS office', { timeout: 15_000 });

		const officeContext = await browser.newContext();
		const office = await officeContext.newPage();
		await logIn(office, OFFICE);
		await office.getByRole('navigation', { name: 'Filter by kind' }).getByRole('link', { name: /Renewals \(\d+\)/ }).click();
		await office.getByRole('row').filter({ hasText: emr.number }).getByRole('link').click();
		await expect(office.getByRole('heading', { level: 1, name: 'Renewal' })).toBeVisible();
		const newExpiresOn = (await office.locator('dt:text-is("New expiration once approved") + dd').textContent())!.trim();
		expect(newExpiresOn).toMatch(/^\d{4}-06-30$/);
		await office.getByRole('button', { name: 'Approve' }).click();
		await expect(office.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
		await officeContext.close();

		await openDashboard(page, emr.emsNumber);
		await expect(page.getByText(emr.number)).toBeVisible();
		await expect(page.getByRole('region', { name: /license|certification/i }).first()).toContainText(longDate(newExpiresOn));
		await expect(recert.getByTestId('renewal-status')).toContainText('Renewal approved');
		await expect(page.getByRole('region', { name: 'Recent activity' }).getByText('Renewal approved')).toBeVisible();
	} finally {
		await context.close();
		emr.restore();
	}
});

test('renewal reminders are turned off offline on the dashboard, kept after reopening, synced, and on again', async ({ browser }) => {
	test.setTimeout(90_000);
	const stored = () => {
		const db = e2eDatabase(true);
		try {
			return (db.prepare(`select renewal_reminders as v from persons where ems_number = '100002'`).get() as { v: string | null }).v;
		} finally {
			db.close();
		}
	};
	const context = await browser.newContext();
	let page = await context.newPage();
	try {
		await logIn(page, PARAMEDIC);
		await openDashboard(page);
		await waitForServiceWorkerControl(page);
		const box = page.getByLabel('Send me renewal reminders');
		await expect(box).toBeChecked();
		await context.setOffline(true);
		await box.uncheck();
		await expect(box).toHaveAccessibleDescription('Reminders are off: you will not be reminded before your credential expires.');
		await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText('Changed Renewal reminders');
		await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText('Kept on this device');
		await page.close();
		page = await context.newPage();
		expect((await page.goto('/dashboard'))?.fromServiceWorker()).toBe(true);
		await expect(page.getByLabel('Send me renewal reminders')).not.toBeChecked();
		expect(stored()).not.toBe('off');

		await context.setOffline(false);
		await expect(syncStatus(page)).toContainText('All changes saved', { timeout: 15_000 });
		await expect.poll(stored).toBe('off');
		await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText('Reached the state registry');
		await expectNoAxeViolations(page);
		await page.getByLabel('Send me renewal reminders').check();
		await expect.poll(stored, { timeout: 15_000 }).toBe('on');
	} finally {
		await context.close();
		// The demo has never chosen: back to no choice (on).
		const db = e2eDatabase();
		try {
			db.prepare(`update persons set renewal_reminders = null where ems_number = '100002'`).run();
		} finally {
			db.close();
		}
	}
});

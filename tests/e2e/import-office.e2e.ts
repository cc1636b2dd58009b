import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { ImportKind } from '../../src/lib/domain/import-report';
import { csvRow, sampleCells, sampleCsv, sampleEmail, sampleEms, type SampleSize } from '../../src/lib/server/import/sample-files';
import { clearMessages, codeSentTo } from './support/messages';

// The office brings a small registry in through the Import Records page, as a new member of staff would: check the
// files, read what is wrong, correct it, import, and then a licensee from the file activates their account.

const SIZE: SampleSize = { agencies: 3, persons: 6, affiliations: 7, vehicles: 2, firstEms: 760000, firstAgency: 7600 };
const KINDS: ImportKind[] = ['agencies', 'personnel', 'affiliations', 'vehicles'];
const NEW_PASSWORD = 'Imported-Medic-Prairie-9';

const fileOf = (kind: ImportKind, text = sampleCsv(kind, SIZE)) => ({ name: `${kind}.csv`, mimeType: 'text/csv', buffer: Buffer.from(text) });

async function logIn(page: Page, id: string, password: string) {
	await page.goto('/login');
	await page.getByLabel('EMS ID').fill(id);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Log In' }).click();
}

test.describe.configure({ mode: 'serial' });

test('the office checks a small set, reads the rejected line, corrects it, imports, and a licensee from it activates through Forgot Password', async ({ page }) => {
	test.setTimeout(90_000);
	await logIn(page, 'office@example.org', 'Demo-Office-2026!');
	await expect(page).toHaveURL(/\/office$/);
	await page.goto('/office/import');
	await expect(page.getByRole('heading', { name: 'Import Records' })).toBeVisible();

	// Templates download from the page.
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Personnel template (CSV)' }).click();
	expect((await download).suggestedFilename()).toBe('personnel.csv');

	// Checking with nothing chosen says so beside the field.
	await page.getByRole('button', { name: 'Check files' }).click();
	await expect(page.getByText('Choose the CSV files to import.')).toBeVisible();

	// A personnel line with a level the registry does not know.
	const lines = sampleCsv('personnel', SIZE).split('\r\n');
	const cells = sampleCells('personnel', SIZE, 3);
	cells[14] = 'Nurse';
	lines[4] = csvRow(cells).trimEnd();
	const input = page.getByLabel('CSV files');
	await input.setInputFiles([fileOf('vehicles'), fileOf('affiliations'), fileOf('personnel', lines.join('\r\n')), fileOf('agencies')]);
	await page.getByRole('button', { name: 'Check files' }).click();
	await expect(page.getByText('1 line was rejected, so nothing can be imported.')).toBeVisible();
	const rejected = page.getByRole('table', { name: 'Rejected lines' });
	await expect(rejected.getByRole('row').nth(1)).toHaveText(/personnel\.csv\s*5\s*level\s*Level: choose EMR, EMT, AEMT or Paramedic\./);
	await expect(page.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	// The corrected files: every line would be created; Import then writes them.
	await input.setInputFiles(KINDS.map((k) => fileOf(k)));
	await page.getByRole('button', { name: 'Check files' }).click();
	await expect(page.getByText('Every line can be imported: 18 would be created, 0 updated and 0 left unchanged. Nothing has been written yet.')).toBeVisible();
	const files = page.getByRole('table', { name: 'Files' });
	await expect(files.getByRole('row')).toHaveCount(5);
	await expect(files.getByRole('row').nth(1)).toHaveText(/agencies\.csv\s*Agencies\s*3\s*3\s*0\s*0\s*0/);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByText('Imported: 18 created, 0 updated, 0 unchanged.')).toBeVisible();

	// The same files again change nothing.
	await page.getByRole('button', { name: 'Check files' }).click();
	await expect(page.getByText('Every line can be imported: 0 would be created, 0 updated and 18 left unchanged.')).toBeVisible();

	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: 'test-results/import-office-360.png', fullPage: true });
	// Wide tables scroll in their own box; the page itself does not scroll sideways.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	await page.goto('/office');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);

	// A licensee from the file (the EMT on line 3) claims the account the import made for them.
	const email = sampleEmail(SIZE, 1);
	const ems = sampleEms(SIZE, 1);
	await clearMessages();
	await page.getByRole('link', { name: 'Forgot Password' }).click();
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('ND EMS #').fill(ems);
	await page.getByRole('radio', { name: 'Email', exact: true }).check();
	await page.getByRole('button', { name: 'Send Code' }).click();
	await expect(page.getByRole('heading', { name: 'Enter Your Code' })).toBeVisible();
	await page.getByLabel('Code', { exact: true }).fill(await codeSentTo(email));
	await page.getByRole('button', { name: 'Verify Code' }).click();
	await expect(page.getByRole('heading', { name: 'Change Password' })).toBeVisible();
	await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
	await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
	await page.getByRole('button', { name: 'Update Password' }).click();
	await expect(page.getByText('Your password has been changed')).toBeVisible();
	await page.getByRole('link', { name: 'Return to Login Page' }).click();
	await page.getByLabel('EMS ID').fill(ems);
	await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
	await page.getByRole('button', { name: 'Log In' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
	await expect(page.getByText(`ND EMS # ${ems}`)).toBeVisible();
	await expect(page.getByText('EMT-0760001')).toBeVisible();
});

test('offline, checking the files says importing needs a connection and keeps the files chosen', async ({ page, context }) => {
	await logIn(page, 'office@example.org', 'Demo-Office-2026!');
	await expect(page).toHaveURL(/\/office$/);
	await page.goto('/office/import');
	await page.getByLabel('CSV files').setInputFiles([fileOf('agencies')]);
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Check files' }).click();
	await expect(page.getByRole('alert')).toHaveText('The server could not be reached. Importing needs a connection: check it and try again.');
	await context.setOffline(false);
	await page.getByRole('button', { name: 'Check files' }).click();
	await expect(page.getByText('Every line can be imported: 0 would be created, 0 updated and 3 left unchanged.')).toBeVisible();
});

test('a licensee cannot reach the import page or its endpoint', async ({ page }) => {
	await logIn(page, '100002', 'Demo-Paramedic-2026!');
	await expect(page).toHaveURL(/\/dashboard$/);
	const answer = await page.request.post('/api/office/import', { multipart: { mode: 'dry-run', files: fileOf('agencies') }, headers: { origin: new URL(page.url()).origin } });
	expect(answer.status()).toBe(403);
	expect(await answer.json()).toEqual({ message: 'Only office staff can import records.' });
});

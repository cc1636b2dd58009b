import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { certificatePng } from '../../src/lib/server/demo/ce-entries';
import { openDashboard } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, serverDatabase, syncStatus } from './support/sync';

/**
 * The CE log as 100002 uses it: the demo leaves her 2.5 credits of Trauma and 3 of Local short (NCCP 2025,
 * Paramedic). Each step checks the bars and the "still needed" sentences the rules engine gives.
 */

const needed = (page: Page) => page.getByRole('list', { name: 'Still needed' }).getByRole('listitem');
const bar = (page: Page, name: string) => page.getByRole('progressbar', { name, exact: true });
const form = (page: Page) => page.getByRole('form', { name: 'Add an entry' });
const logItem = (page: Page, title: string) => page.getByRole('region', { name: 'Your log' }).getByRole('listitem').filter({ hasText: title });

async function openCeLog(page: Page) {
	await page.getByRole('link', { name: 'Continuing Education' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Continuing Education' })).toBeVisible();
	await expect(page.getByText('NCCP 2025 model')).toBeVisible();
}

async function fillEntry(scope: Locator, e: { title: string; provider: string; hours: string; component?: string; topic?: string }) {
	await scope.getByLabel('Course title').fill(e.title);
	await scope.getByLabel('Provider').fill(e.provider);
	await scope.getByLabel('Hours').fill(e.hours);
	if (e.component) await scope.getByRole('radio', { name: e.component }).check();
	if (e.topic) await scope.getByLabel('Topic').selectOption({ label: e.topic });
}

function serverCe(title: string): { hours: number; deleted_at: string | null; certificate: string | null; content_type: string | null } | undefined {
	const db = serverDatabase();
	try {
		return db
			.prepare(
				`select e.hours, e.deleted_at, e.certificate, c.content_type from ce_entries e left join ce_certificates c on c.ce_entry_id = e.id where e.title = ? and e.ems_number = '100002'`
			)
			.get(title) as never;
	} finally {
		db.close();
	}
}

test('100002 logs three courses (one offline with a photo), edits one and deletes one; a second device shows the same log', async ({ page, context, browser }) => {
	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);
	await openDashboard(page);
	await expect(page.getByText(/^54\.5 of 60 credits counted · 5\.5 to go · \d+ days? left$/)).toBeVisible();
	await openCeLog(page);

	await expect(needed(page)).toHaveText(['2.5 more credits of Trauma', '3 more credits of Local (state or agency) education']);
	await expect(bar(page, 'Trauma')).toHaveAttribute('value', '2.5');
	await expect(page.getByRole('region', { name: 'Entries that do not count' })).toContainText('CPR instructor update');

	// 1. Online. The title suggests National, Trauma and pediatric content.
	const add = form(page);
	await add.getByLabel('Course title').fill('Pediatric trauma update');
	await expect(add.getByRole('radio', { name: 'National' })).toBeChecked();
	await expect(add.getByLabel('Topic')).toHaveValue('trauma');
	await expect(add.getByRole('radio', { name: 'Yes' })).toBeChecked();
	await fillEntry(add, { title: 'Pediatric trauma update', provider: 'Sanford Health', hours: '1.5' });
	await add.getByRole('button', { name: 'Save entry' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added “Pediatric trauma update” to your log.' })).toBeVisible();
	await expect(needed(page)).toHaveText(['1 more credit of Trauma', '3 more credits of Local (state or agency) education']);
	await expect(bar(page, 'Trauma')).toHaveAttribute('value', '4');
	await expect(add.getByLabel('Course title')).toHaveValue('');

	// 2. Offline, with a photo of the certificate taken by the camera input.
	await context.setOffline(true);
	await expect(syncStatus(page)).toContainText('Offline');
	await fillEntry(add, { title: 'County protocol review', provider: 'Cass County EMS', hours: '2', component: 'Local (state or agency)' });
	await add.getByLabel('Take a photo').setInputFiles({ name: 'IMG_2041.png', mimeType: 'image/png', buffer: certificatePng(1600, 1200) });
	await expect(add.getByText(/^Certificate ready: IMG_2041\.jpg \(\d+ KB\)$/)).toBeVisible();
	await add.getByRole('button', { name: 'Save entry' }).click();
	await expect(needed(page)).toHaveText(['1 more credit of Trauma', '1 more credit of Local (state or agency) education']);
	const offlineEntry = logItem(page, 'County protocol review');
	await expect(offlineEntry).toContainText('Counts: 2 Local (state or agency)');
	await expect(offlineEntry).toContainText('waiting to be sent');
	// Still offline: the page reloads from the service worker with the entry and its photo kept on the device.
	expect((await page.reload())?.fromServiceWorker()).toBe(true);
	await expect(offlineEntry).toContainText('waiting to be sent');
	await expect(needed(page)).toHaveText(['1 more credit of Trauma', '1 more credit of Local (state or agency) education']);
	await context.setOffline(false);
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect(offlineEntry).not.toContainText('waiting to be sent');
	await expect.poll(() => serverCe('County protocol review')).toMatchObject({ hours: 2, certificate: 'IMG_2041.jpg', content_type: 'image/jpeg' });

	// 3. National Cardiovascular is already full (7 of 7): its hours flow on to Local, then Individual.
	await fillEntry(add, { title: 'Stroke scales', provider: 'Sanford Health', hours: '2', component: 'National', topic: 'Cardiovascular' });
	await add.getByRole('button', { name: 'Save entry' }).click();
	await expect(needed(page)).toHaveText(['1 more credit of Trauma']);
	await expect(logItem(page, 'Stroke scales')).toContainText('Counts: 1 Local (state or agency)');

	// Edit: one more hour of the pediatric trauma course completes Trauma.
	const first = logItem(page, 'Pediatric trauma update');
	await first.getByRole('button', { name: 'Edit Pediatric trauma update' }).click();
	const edit = page.getByRole('form', { name: 'Edit “Pediatric trauma update”' });
	await edit.getByLabel('Hours').fill('2.5');
	await edit.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { name: 'Still needed' })).toHaveCount(0);
	await expect(page.getByText(/60 of 60 credits/)).toBeVisible();

	// Delete: Local is one short again.
	const stroke = logItem(page, 'Stroke scales');
	await stroke.getByRole('button', { name: 'Delete Stroke scales' }).click();
	await stroke.getByRole('button', { name: 'Yes, delete' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Deleted “Stroke scales”.' })).toBeVisible();
	await expect(needed(page)).toHaveText(['1 more credit of Local (state or agency) education']);
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect.poll(() => serverCe('Stroke scales')?.deleted_at).not.toBeNull();
	expect(serverCe('Pediatric trauma update')?.hours).toBe(2.5);

	// A second device signs in and shows the same log, the certificate included.
	const other = await browser.newContext();
	const phone = await other.newPage();
	await logIn(phone);
	await openDashboard(phone);
	await expect(phone.getByText(/^59 of 60 credits counted · 1 to go · \d+ days? left$/)).toBeVisible();
	await phone.screenshot({ path: 'test-results/ce-dashboard.png' });
	await openCeLog(phone);
	await expect(needed(phone)).toHaveText(['1 more credit of Local (state or agency) education']);
	await expect(logItem(phone, 'Pediatric trauma update')).toContainText('2.5 h');
	await expect(logItem(phone, 'Stroke scales')).toHaveCount(0);
	const certificate = logItem(phone, 'County protocol review').getByRole('link', { name: 'Certificate for County protocol review' });
	await expect(certificate).toBeVisible();
	const response = await phone.request.get((await certificate.getAttribute('href'))!);
	expect(response.headers()['content-type']).toBe('image/jpeg');
	await phone.screenshot({ path: 'test-results/ce-log-1280.png', fullPage: true });
	await other.close();
});

test('bad input is refused beside its field and what was typed stays; a file that is not an image or PDF is refused', async ({ page }) => {
	await logIn(page);
	await openDashboard(page);
	await openCeLog(page);
	const add = form(page);
	await fillEntry(add, { title: 'Night shift talk', provider: 'Self', hours: '1.3', component: 'National' });
	await add.getByLabel('Date completed').fill('2099-01-01');
	await add.getByLabel('Choose a photo or PDF').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
	await expect(add.getByRole('alert')).toHaveText('That file is not a photo or a PDF. Take a photo of the certificate, or choose its PDF.');
	await add.getByRole('button', { name: 'Save entry' }).click();
	await expect(add.getByLabel('Hours')).toHaveAccessibleDescription(/Hours go in steps of a quarter hour/);
	await expect(add.getByLabel('Date completed')).toBeFocused();
	await expect(add.getByLabel('Date completed')).toHaveAccessibleDescription('Date completed cannot be in the future.');
	await expect(add.getByLabel('Topic')).toHaveAccessibleDescription('A National entry needs its topic.');
	await expect(add.getByLabel('Course title')).toHaveValue('Night shift talk');
	await expect(add.getByLabel('Hours')).toHaveValue('1.3');
	const withErrors = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(withErrors.violations).toEqual([]);
	await add.getByLabel('Hours').fill('25');
	await add.getByRole('button', { name: 'Save entry' }).click();
	await expect(add.getByLabel('Hours')).toHaveAccessibleDescription(/at most 24 hours/);
	expect(serverCe('Night shift talk')).toBeUndefined();

	// The endpoint refuses the same by the bytes, and a file over 5 MB, even from a script that skips the page.
	const db = serverDatabase();
	const { id } = db.prepare(`select id from ce_entries where ems_number = '100002' and title = 'ACLS Renewal'`).get() as { id: string };
	db.close();
	const url = `/api/ce-entries/${id}/certificate`;
	const html = await page.request.put(url, { headers: { 'content-type': 'image/jpeg' }, data: Buffer.from('<html>hi</html>') });
	expect(html.status()).toBe(415);
	expect((await html.json()).message).toBe('That file is not a photo or a PDF. Take a photo of the certificate, or choose its PDF.');
	const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
	big.write('%PDF-1.7\n');
	const tooBig = await page.request.put(url, { headers: { 'content-type': 'application/pdf' }, data: big });
	expect(tooBig.status()).toBe(413);
	expect((await tooBig.json()).message).toBe('That file is larger than 5 MB. Take a photo of the certificate instead, or choose a smaller PDF.');
	const pdf = await page.request.put(url, { headers: { 'content-type': 'application/pdf', 'x-file-name': 'acls.pdf' }, data: big.subarray(0, 5 * 1024 * 1024) });
	expect(pdf.status()).toBe(200);
	expect(await pdf.json()).toMatchObject({ stored: true, contentType: 'application/pdf' });
});

test('an entry can be added by keyboard alone at 360 px, and axe finds nothing on the page', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 800 });
	await logIn(page);
	await openDashboard(page);
	await openCeLog(page);
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(violations).toEqual([]);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	await form(page).getByLabel('Course title').focus();
	await page.keyboard.type('Ambulance safety and driving');
	await page.keyboard.press('Tab');
	await page.keyboard.type('Red River Valley Ambulance');
	// The date (today stays) is four stops in Chromium: month, day, year and the calendar button.
	for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
	await expect(form(page).getByLabel('Hours')).toBeFocused();
	await page.keyboard.type('0.75');
	// Past the format (F1 stays), the suggested component and topic, pediatric, course number and the two file buttons.
	const save = page.getByRole('button', { name: 'Save entry' });
	for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
	await expect(save).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Added “Ambulance safety and driving” to your log.' })).toBeVisible();
	// Suggested from the title: National, Operations. The demo log already fills Operations, so it counts as Local.
	await expect(logItem(page, 'Ambulance safety and driving')).toContainText('Logged as National — Operations');
	await expect(logItem(page, 'Ambulance safety and driving')).toContainText('Counts: 0.75 Local (state or agency)');
	await page.screenshot({ path: 'test-results/ce-log-360.png', fullPage: true });
	const after = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(after.violations).toEqual([]);
});

test.describe('before the service worker holds the app', () => {
	test.use({ serviceWorkers: 'block' });

	test('offline, Save entry says the page could not finish loading, and what was typed stays', async ({ page, context }) => {
		await logIn(page);
		await openDashboard(page);
		await openCeLog(page);
		const add = form(page);
		// The field rules load with the first save; without a service worker and without a network they cannot.
		await context.setOffline(true);
		await fillEntry(add, { title: 'Offline before install', provider: 'Self', hours: '1', component: 'Local' });
		await add.getByRole('button', { name: 'Save entry' }).click();
		await expect(add.getByRole('alert')).toContainText('the entry was not saved yet');
		await expect(add.getByLabel('Course title')).toHaveValue('Offline before install');
		await expect(add.getByLabel('Hours')).toHaveValue('1');
		await context.setOffline(false);
		expect(serverCe('Offline before install')).toBeUndefined();
	});
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, PARAMEDIC } from './support/sync';

const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };
const out = resolve('test-results', 'print-license');
mkdirSync(out, { recursive: true });

// stderr ignored: zbarimg complains about a missing D-Bus on servers, harmlessly.
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** Clicks "Print", keeps the downloaded PDF, and returns its name, its page size and the QR codes it carries. */
async function printAndRead(page: Page, name: string) {
	const downloading = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Print', exact: true }).click();
	const download = await downloading;
	const file = join(out, `${name}-${download.suggestedFilename()}`);
	await download.saveAs(file);
	run('pdftoppm', ['-r', '300', '-png', '-gray', '-singlefile', file, file.replace(/\.pdf$/, '')]);
	const codes = run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file.replace(/\.pdf$/, '.png')]).trim().split('\n');
	return { filename: download.suggestedFilename(), info: run('pdfinfo', [file]), codes };
}

/** Confirm it's you normally follows sign-in by more than 10 minutes; the dev aid ages this session's confirmation. */
async function ageConfirmation(page: Page) {
	expect((await page.request.post('/dev/session/stale-confirmation')).ok()).toBe(true);
}

async function expectVerified(page: Page, link: string, what: RegExp) {
	// A phone camera opens the link as printed: upper-case host and /V/ path.
	await page.goto(link);
	await expect(page).toHaveURL(/\/verify\?c=\d+$/);
	await expect(page.getByText('Signature valid')).toBeVisible();
	await expect(page.getByText(what)).toBeVisible();
}

test('Print License: confirm it’s you, print, and the QR code on the PDF verifies — online, then offline', async ({ page, context }) => {
	await logIn(page, PARAMEDIC);
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
	await waitForServiceWorkerControl(page);
	await ageConfirmation(page);

	await page.getByRole('link', { name: 'Print License' }).click();

	await expect(page.getByRole('heading', { level: 1, name: "Confirm it's you" })).toBeVisible();
	await page.getByLabel('Password', { exact: true }).fill(PARAMEDIC.password);
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Printing License' })).toBeVisible();
	await expect(page.getByRole('img', { name: /Wallet card, front and back: Kristin Aasen, P-004321/ })).toBeVisible();
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

	const online = await printAndRead(page, 'online');
	expect(online.filename).toBe('ND-EMS-License-P-004321.pdf');
	expect(online.info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
	expect(online.info).toMatch(/Pages:\s+1\n/);
	// Card back and certificate carry the same compact link.
	expect(online.codes).toHaveLength(2);
	expect(online.codes[0]).toMatch(/^HTTP:\/\/LOCALHOST:\d+\/V\/\d+$/);
	expect(online.codes[1]).toBe(online.codes[0]);

	await expectVerified(page, online.codes[0]!, /P-004321/);
	await expect(page.locator('.current')).toHaveText(/Current status:\s*Active/);

	// Offline: the license and the confirmation note come from the device; nothing asks the server.
	await context.setOffline(true);
	await page.goto('/print-license');
	await expect(page.getByRole('heading', { level: 1, name: 'Printing License' })).toBeVisible();
	await expect(page.getByText(/Offline: printing the copy kept on this device/)).toBeVisible();
	const offline = await printAndRead(page, 'offline');
	expect(offline.filename).toBe('ND-EMS-License-P-004321.pdf');
	expect(offline.info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
	expect(offline.codes[0]).toMatch(/^HTTP:\/\/LOCALHOST:\d+\/V\/\d+$/);
	// Scanned with no signal: the signature is checked with the keys kept from the online visit.
	await expectVerified(page, offline.codes[0]!, /Kristin Aasen/);
	await expect(page.getByText('Current status unavailable offline')).toBeVisible();
	await context.setOffline(false);
});

test('offline, a confirmation older than 10 minutes is explained, not bypassed', async ({ page, context }) => {
	await logIn(page, PARAMEDIC);
	await waitForServiceWorkerControl(page);
	await page.goto('/print-license');
	await expect(page.getByRole('heading', { level: 1, name: 'Printing License' })).toBeVisible();
	// The device's note of the confirmation runs out (as it would 10 minutes later).
	await page.evaluate(
		() =>
			new Promise<void>((done, fail) => {
				const open = indexedDB.open('ems-registry');
				open.onerror = () => fail(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction('meta', 'readwrite');
					tx.objectStore('meta').put({ key: 'confirmedUntil', value: Date.now() - 1 });
					tx.oncomplete = () => (open.result.close(), done());
				};
			})
	);
	await context.setOffline(true);
	await page.goto('/print-license');
	await expect(page.getByRole('alert')).toContainText("Confirming needs a connection");
	await expect(page.getByRole('button', { name: 'Print', exact: true })).toHaveCount(0);
	await context.setOffline(false);
});

test('Print Agency License: a squad leader prints the agency license and its QR code verifies', async ({ page }) => {
	await logIn(page, LEADER);
	await page.goto('/dashboard');
	await page.getByRole('region', { name: 'Your agencies' }).getByRole('link').first().click();
	await expect(page).toHaveURL(/\/agency\/A\d{4}$/);
	await ageConfirmation(page);
	await page.getByRole('link', { name: 'Print Agency License' }).click();
	await expect(page.getByRole('heading', { level: 1, name: "Confirm it's you" })).toBeVisible();
	await page.getByLabel('Password', { exact: true }).fill(LEADER.password);
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Printing Agency License' })).toBeVisible();
	await expect(page.getByRole('img', { name: /Agency license: .+, AL-\d+/ })).toBeVisible();
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

	const printed = await printAndRead(page, 'agency');
	expect(printed.filename).toMatch(/^ND-EMS-Agency-License-AL-\d+\.pdf$/);
	expect(printed.info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
	expect(printed.codes).toHaveLength(1);
	expect(printed.codes[0]).toMatch(/^HTTP:\/\/LOCALHOST:\d+\/V\/\d+$/);
	await expectVerified(page, printed.codes[0]!, /agency license/);
});

test('a licensee cannot open another agency’s printing page', async ({ page }) => {
	await logIn(page, PARAMEDIC);
	// Asked of the server itself: once the service worker controls the tab (it may by now, after the dashboard), it
	// answers navigations with the offline shell and the server's 403 would never be seen.
	const response = await page.request.get('/agency/A0001/print');
	expect(response.status()).toBe(403);
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDashboard } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn } from './support/sync';

// Issue 16, item 2: "Show my license" shows the wallet card front and back on screen from the signed copy on the
// device, offline too, with a QR code that a photo of a 390 px wide phone screen decodes.

const out = resolve('test-results', 'field-show-license');
mkdirSync(out, { recursive: true });
// stderr ignored: zbarimg complains about a missing D-Bus on servers, harmlessly.
const decode = (png: string) =>
	execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
		.trim()
		.split('\n');

/** The link the signed copy on the device carries (what the printed card's QR holds). */
const storedVerifyUrl = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<string>((done, fail) => {
				const open = indexedDB.open('ems-registry');
				open.onerror = () => fail(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction('signedLicenses').objectStore('signedLicenses').get('licensee');
					get.onsuccess = () => done(get.result.license.verifyUrl);
					get.onerror = () => fail(get.error);
				};
			})
	);

test('offline at 390 px, "Show my license" shows front and back and a QR code that decodes to the signed link', async ({ page, context }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);
	// Once online, so this device's cache holds the page's code as a returning person's does.
	await page.getByRole('link', { name: 'Show my license' }).click();
	await expect(page.getByRole('img', { name: /^Front: / })).toBeVisible();
	const link = await storedVerifyUrl(page);
	expect(link).toMatch(/^HTTPS?:\/\/.+\/V\/\d+$/);

	await context.setOffline(true);
	await openDashboardOffline(page);
	await page.getByRole('link', { name: 'Show my license' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Your License' })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Signed copy' })).toContainText(/Signed copy from \w+ \d+, \d{4}, kept on this device; last refreshed .+\. Offline: showing that copy\./);
	const front = page.getByRole('img', { name: /^Front: / });
	const back = page.getByRole('img', { name: 'Back: verification code and instructions' });
	await expect(front).toBeVisible();
	await expect(back).toBeVisible();
	// Full width: the cards take the content column of the phone's screen.
	for (const side of [front, back]) expect((await side.boundingBox())!.width).toBeGreaterThan(340);
	await expect(front).toContainText('Emergency Medical Services');
	await expect(back).toContainText('VERIFY THIS LICENSE');

	// A "photo" of the screen: what the viewport shows with the code on it, at 1 device pixel per CSS pixel.
	const code = page.getByRole('img', { name: /^Verification code for license / });
	await code.scrollIntoViewIfNeeded();
	const screen = join(out, 'screen-code.png');
	await page.screenshot({ path: screen });
	expect(decode(screen)).toEqual([link]);
	// The code on the card's back, at the card's own size on that screen, decodes too.
	await back.scrollIntoViewIfNeeded();
	const backShot = join(out, 'screen-back.png');
	await page.screenshot({ path: backShot });
	expect(decode(backShot)).toEqual([link]);

	await context.setOffline(false);
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
	expect(results.violations).toEqual([]);
	// The card's link verifies the signature (online the status too).
	await page.goto(link);
	await expect(page.getByText('Signature valid')).toBeVisible();
});

async function openDashboardOffline(page: Page) {
	expect((await page.goto('/dashboard'))?.fromServiceWorker()).toBe(true);
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
}

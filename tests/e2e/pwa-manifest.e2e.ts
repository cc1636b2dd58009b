import { chromium, expect, test, type APIRequestContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForServiceWorkerControl } from './support/service-worker';

interface ManifestIcon {
	src: string;
	sizes: string;
	type: string;
	purpose?: string;
}

/** Width and height from a PNG's IHDR chunk, which always follows the 8-byte signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
	expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
	expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function expectPngOfDeclaredSize(request: APIRequestContext, manifestUrl: string, icon: ManifestIcon) {
	const response = await request.get(new URL(icon.src, manifestUrl).href);
	expect(response.ok(), icon.src).toBe(true);
	expect(response.headers()['content-type']).toBe('image/png');
	const { width, height } = pngSize(await response.body());
	expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
}

test('the page links a manifest that describes an installable standalone app with loadable icons', async ({
	page,
	request
}) => {
	await page.goto('/');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBeTruthy();
	const manifestUrl = new URL(href!, page.url()).href;

	const response = await request.get(manifestUrl);
	expect(response.ok()).toBe(true);
	expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		name: 'EMS Registry — North Dakota',
		short_name: 'EMS Registry',
		start_url: '/login',
		display: 'standalone',
		theme_color: '#12355b'
	});

	const icons: ManifestIcon[] = manifest.icons;
	const anyPurpose = (icon: ManifestIcon) => (icon.purpose ?? 'any').split(' ').includes('any');
	expect(icons.some((i) => i.sizes === '192x192' && anyPurpose(i))).toBe(true);
	expect(icons.some((i) => i.sizes === '512x512' && anyPurpose(i))).toBe(true);
	expect(icons.some((i) => i.purpose?.split(' ').includes('maskable'))).toBe(true);
	for (const icon of icons) await expectPngOfDeclaredSize(request, manifestUrl, icon);
});

// Chromium never offers to install from an incognito profile, which is what ordinary test contexts are,
// so this check runs in a browser with a real (temporary) profile.
test('Chromium finds nothing that stops the app from being installed', async ({ baseURL }, testInfo) => {
	const profile = mkdtempSync(join(tmpdir(), 'ems-install-'));
	const context = await chromium.launchPersistentContext(profile, {
		...testInfo.project.use.launchOptions,
		baseURL
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto('/');
		await waitForServiceWorkerControl(page);
		const cdp = await context.newCDPSession(page);
		const { errors } = await cdp.send('Page.getAppManifest');
		expect(errors).toEqual([]);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		expect(installabilityErrors).toEqual([]);
	} finally {
		await context.close();
		// Chromium's helper processes may still be writing into the profile as close() returns (seen: ENOTEMPTY on
		// Default/ in one run of five): rmSync retries the directories that were not empty yet.
		rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
	}
});

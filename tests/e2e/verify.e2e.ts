import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPrivateKey, sign } from 'node:crypto';
import { openDatabase } from '../../src/lib/server/db';
import { encodeClaims, joinToken, type SignedClaims } from '../../src/lib/domain/signed-credential';
import { keyIdOf } from '../../src/lib/server/credentials/signing-key';
import { createPublicKey } from 'node:crypto';

// The e2e server keeps its data in test-results/e2e-data (scripts/e2e-server.mjs): sign with the key it made.
const dataDir = resolve('test-results', 'e2e-data');

async function serverKey(request: import('@playwright/test').APIRequestContext) {
	// The server writes its key on first use; asking for the public keys makes sure it exists.
	expect((await request.get('/verify/keys.json')).ok()).toBe(true);
	const privateKey = createPrivateKey(readFileSync(resolve(dataDir, 'credential-signing-key.pem'), 'utf8'));
	const x = createPublicKey(privateKey).export({ format: 'jwk' }).x!;
	return { privateKey, keyId: keyIdOf(Buffer.from(x, 'base64url')) };
}

async function ensureLicensee() {
	const { db, close } = openDatabase({ sqlitePath: resolve(dataDir, 'registry.db') });
	try {
		const stamp = { revision: 1, updatedAt: new Date().toISOString(), deletedAt: null };
		const exists = await db.selectFrom('persons').select('emsNumber').where('emsNumber', '=', '700001').executeTakeFirst();
		if (exists) return;
		await db
			.insertInto('persons')
			.values({
				emsNumber: '700001',
				firstName: 'Riley',
				middleName: null,
				lastName: 'Verifier',
				suffix: null,
				dateOfBirth: '1990-05-06',
				email: 'riley.verifier@example.org',
				mobilePhone: '+17015550100',
				homePhone: null,
				street: '1 Secret Lane',
				street2: null,
				city: 'Minot',
				state: 'ND',
				zip: '58701',
				...stamp
			})
			.execute();
		await db
			.insertInto('credentials')
			.values({
				id: crypto.randomUUID(),
				emsNumber: '700001',
				level: 'EMT',
				number: 'EMT-700001',
				status: 'active',
				issuedOn: '2025-04-01',
				expiresOn: '2099-03-31',
				nremtNumber: 'E7000001',
				nremtExpiresOn: '2099-03-31',
				...stamp
			})
			.execute();
	} finally {
		await close();
	}
}

test.skip(!!process.env.DATABASE_URL, 'seeds the SQLite file of the e2e server');

test.describe('public verification', () => {
	let token = '';

	test.beforeAll(async ({ request }) => {
		await ensureLicensee();
		const { privateKey, keyId } = await serverKey(request);
		const claims: SignedClaims = {
			kind: 'licensee',
			emsNumber: '700001',
			level: 'EMT',
			number: 'EMT-700001',
			expiresOn: '2099-03-31',
			issuedAt: Math.floor(Date.now() / 1000),
			keyId,
			name: 'Riley Verifier'
		};
		const payload = encodeClaims(claims);
		token = joinToken(payload, sign(null, payload, privateKey));
	});

	test('a signed link shows "Signature valid" and the current status', async ({ page }) => {
		await page.goto(`/verify?c=${token}`);
		await expect(page.getByText('Signature valid')).toBeVisible();
		await expect(page.getByText('Riley Verifier')).toBeVisible();
		await expect(page.getByText('Emergency Medical Technician')).toBeVisible();
		await expect(page.locator('.current')).toHaveText(/Current status:\s*Active/);
	});

	test('a link altered by one character shows "Signature invalid"', async ({ page }) => {
		const at = 10;
		const altered = token.slice(0, at) + (token[at] === 'Q' ? 'R' : 'Q') + token.slice(at + 1);
		await page.goto(`/verify?c=${altered}`);
		await expect(page.getByText('Signature invalid')).toBeVisible();
		await expect(page.getByText('Signature valid')).toHaveCount(0);
	});

	test('after one online visit, the signature is checked offline', async ({ page, context }) => {
		await page.goto(`/verify?c=${token}`);
		await expect(page.getByText('Signature valid')).toBeVisible();
		// The service worker installs on the first visit and (no clients.claim) controls pages from the next load.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
			await page.reload();
			await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
		}
		await context.setOffline(true);
		await page.goto(`/verify?c=${token}`);
		await expect(page.getByText('Signature valid')).toBeVisible();
		await expect(page.getByText('Current status unavailable offline')).toBeVisible();
		await context.setOffline(false);
	});

	test('lookup shows public fields only', async ({ page }) => {
		await page.goto('/verify');
		await page.getByLabel('License or certification number, or ND EMS #').fill('700001');
		await page.getByRole('button', { name: 'Look up' }).click();
		const results = page.getByRole('list', { name: 'Lookup results' });
		await expect(results).toContainText('Riley Verifier');
		await expect(results).toContainText('EMT-700001');
		await expect(results).toContainText('Active');
		const html = await page.content();
		for (const secret of ['riley.verifier@example.org', '5550100', '1 Secret Lane', '1990-05-06', '58701']) expect(html).not.toContain(secret);
	});

	test('axe finds nothing on /verify', async ({ page }) => {
		await page.goto(`/verify?c=${token}`);
		await expect(page.getByText('Signature valid')).toBeVisible();
		await expect(page.locator('.current')).toBeVisible();
		const results = await new AxeBuilder({ page }).analyze();
		expect(results.violations).toEqual([]);
		await page.goto('/verify?q=EMT-700001');
		await expect(page.getByRole('list', { name: 'Lookup results' })).toBeVisible();
		expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	});
});

import { expect, test, type Page } from '@playwright/test';

/** Chromium's virtual authenticator: a platform authenticator with a verified user, driven over CDP. */
async function addVirtualAuthenticator(page: Page) {
	const client = await page.context().newCDPSession(page);
	await client.send('WebAuthn.enable');
	await client.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});
	return client;
}

test('a passkey is added, signs in, confirms it is you, and is removed', async ({ page }) => {
	await addVirtualAuthenticator(page);
	await page.goto('/login');
	await page.getByLabel('EMS ID').fill('100002');
	await page.getByLabel('Password', { exact: true }).fill('Demo-Paramedic-2026!');
	await page.getByRole('button', { name: 'Log In' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);

	// Just signed in, so managing passkeys needs no second confirmation.
	await page.getByRole('link', { name: 'Passkeys' }).click();
	await expect(page.getByRole('heading', { name: 'Passkeys' })).toBeVisible();
	await page.getByRole('button', { name: 'Add a passkey' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Passkey' })).toHaveText('Passkey added.');
	await expect(page.getByText('Passkey 1')).toBeVisible();

	await page.goto('/dashboard');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);

	await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
	await expect(page.getByText('ND EMS # 100002')).toBeVisible();

	// "Confirm it's you" with the passkey returns to where the person was.
	await page.goto('/confirm?next=/account/passkeys');
	await expect(page.getByRole('heading', { name: "Confirm it's you" })).toBeVisible();
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page).toHaveURL(/\/account\/passkeys$/);

	await page.getByRole('button', { name: 'Remove Passkey 1' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Passkey' })).toHaveText('Passkey removed.');
	await expect(page.getByText('You have no passkeys yet.')).toBeVisible();
});

test('"Confirm it\'s you" with the password returns to the page that asked', async ({ page }) => {
	await page.goto('/login?next=/confirm%3Fnext%3D%2Faccount%2Fpasskeys');
	await page.getByLabel('EMS ID').fill('100003');
	await page.getByLabel('Password', { exact: true }).fill('Demo-Leader-2026!');
	await page.getByRole('button', { name: 'Log In' }).click();
	await expect(page.getByRole('heading', { name: "Confirm it's you" })).toBeVisible();
	await page.getByLabel('Password', { exact: true }).fill('wrong-password');
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('alert')).toHaveText('That password is not right. Try again.');
	await page.getByLabel('Password', { exact: true }).fill('Demo-Leader-2026!');
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page).toHaveURL(/\/account\/passkeys$/);
});

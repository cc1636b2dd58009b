import { expect, test } from '@playwright/test';
import { PUSH_UNREADABLE } from '../../src/lib/domain/sync-protocol';
import { logIn, syncStatus, uniquePhone } from './support/sync';
import { editContact, openDashboard } from './support/edit';

test('a push the server cannot read stops the retries, keeps the change, and asks to reload', async ({ page }) => {
	await logIn(page);
	await openDashboard(page);
	// The server answers as it does to a device on an older version (src/routes/api/sync/push).
	let pushes = 0;
	await page.route('**/api/sync/push', (route) => {
		pushes++;
		return route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify(PUSH_UNREADABLE) });
	});
	await editContact(page, { 'Mobile phone': uniquePhone().typed });
	await expect(syncStatus(page)).toContainText(PUSH_UNREADABLE.message);
	await expect(syncStatus(page)).toContainText('1 change waiting to sync');
	expect(pushes).toBe(1);

	// What would send it again: the backoff's first retry (at most 2 s), coming online, the page becoming visible.
	await page.evaluate(() => {
		dispatchEvent(new Event('online'));
		document.dispatchEvent(new Event('visibilitychange'));
	});
	await page.waitForTimeout(3_000);
	expect(pushes).toBe(1);
	await expect(syncStatus(page)).not.toContainText('retrying');
});

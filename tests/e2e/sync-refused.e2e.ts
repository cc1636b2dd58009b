import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { logIn, openSyncPage, serverPerson, syncStatus } from './support/sync';

test('a change the server refuses is shown with its reason until dismissed', async ({ page }) => {
	await logIn(page);
	await openSyncPage(page);
	const before = serverPerson('100002').date_of_birth;
	// An older app version queued a change the person may not make (date of birth): put it in the outbox as it would.
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('ems-registry');
				open.onsuccess = () => {
					const tx = open.result.transaction('outbox', 'readwrite');
					tx.objectStore('outbox').put({
						seq: 100_000,
						table: 'persons',
						recordId: '100002',
						op: 'update',
						baseRevision: 0,
						changes: { dateOfBirth: '1991-01-01' },
						createdAt: new Date().toISOString(),
						sentAt: null,
						accountId: null
					});
					tx.oncomplete = () => {
						open.result.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error);
				};
				open.onerror = () => reject(open.error);
			})
	);
	await page.getByRole('button', { name: 'Sync now' }).click();
	const refusal = page.getByRole('article').filter({ hasText: 'Your change was not saved: Date of birth can only be changed by the state EMS office.' });
	await expect(refusal).toBeVisible();
	await expect(refusal).toContainText('Date of birth: 1991-01-01');
	await expect(syncStatus(page)).toContainText('All changes saved');
	expect(serverPerson('100002').date_of_birth).toBe(before);
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((n) => n.target) }))).toEqual([]);

	// Still there after a reload: nothing is dropped until the person has seen it.
	await page.reload();
	await expect(refusal).toBeVisible();
	await refusal.getByRole('button', { name: 'Dismiss' }).click();
	await expect(refusal).toHaveCount(0);
});

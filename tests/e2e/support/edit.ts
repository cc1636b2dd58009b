import { expect, type Page } from '@playwright/test';
import { PARAMEDIC, serverDatabase, syncStatus } from './sync';

/** Opens the Licensee Dashboard and waits until the record has arrived and everything is sent. */
export async function openDashboard(page: Page, emsNumber = PARAMEDIC.emsId): Promise<void> {
	await page.goto('/dashboard');
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
	await expect(page.getByText(`ND EMS # ${emsNumber}`)).toBeVisible();
	await expect(syncStatus(page)).toContainText('All changes saved');
}

/** Makes the session's last "Confirm it's you" older than 10 minutes, as if the person had signed in a while ago. */
export async function expireConfirmation(page: Page): Promise<void> {
	expect((await page.request.post('/dev/session/stale-confirmation')).ok()).toBe(true);
}

/** Clicks Edit and, when asked, confirms with the password. */
export async function openEdit(page: Page, password = PARAMEDIC.password): Promise<void> {
	await page.getByRole('link', { name: 'Edit', exact: true }).click();
	const edit = page.getByRole('heading', { level: 1, name: 'Edit', exact: true });
	const confirm = page.getByRole('heading', { level: 1, name: "Confirm it's you" });
	await expect(edit.or(confirm)).toBeVisible();
	if (await confirm.isVisible()) {
		await page.getByLabel('Password').fill(password);
		await page.getByRole('button', { name: 'Confirm' }).click();
	}
	await expect(edit).toBeVisible();
}

export async function chooseSections(page: Page, choice: { name: 'Yes' | 'No'; contact: 'Yes' | 'No' }): Promise<void> {
	await page.getByRole('group', { name: 'Name', exact: true }).getByRole('radio', { name: choice.name }).check();
	await page.getByRole('group', { name: 'Contact information' }).getByRole('radio', { name: choice.contact }).check();
}

/** From the dashboard: Edit → No for Name, Yes for Contact information → fill → Submit & Continue → thank-you page. */
export async function editContact(page: Page, fields: Record<string, string>): Promise<void> {
	await openEdit(page);
	await chooseSections(page, { name: 'No', contact: 'Yes' });
	for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
	await page.getByRole('button', { name: 'Submit & Continue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Thank you' })).toBeVisible();
	await page.getByRole('link', { name: 'Account Dashboard Home' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
}

export function changeRequests(emsNumber: string): { id: string; kind: string; changes: string; reason: string; status: string }[] {
	const db = serverDatabase();
	try {
		return db.prepare('select * from change_requests where ems_number = ? order by requested_at').all(emsNumber) as never;
	} finally {
		db.close();
	}
}

export function requestDocument(requestId: string): { content_type: string; size: number } | undefined {
	const db = serverDatabase();
	try {
		return db.prepare('select content_type, size from change_request_documents where request_id = ?').get(requestId) as never;
	} finally {
		db.close();
	}
}

/** What waits in this device's outbox (read from IndexedDB in the page). */
export function outboxCount(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('ems-registry');
				open.onsuccess = () => {
					const count = open.result.transaction('outbox').objectStore('outbox').count();
					count.onsuccess = () => {
						open.result.close();
						resolve(count.result);
					};
					count.onerror = () => reject(count.error);
				};
				open.onerror = () => reject(open.error);
			})
	);
}

/** A fresh street address per run. */
export function uniqueStreet(): string {
	return `${100 + Math.floor(Math.random() * 8900)} Dakota Ave`;
}

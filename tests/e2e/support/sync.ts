import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';

/** Demo logins (src/lib/server/demo/demo-logins.json). */
export const PARAMEDIC = { emsId: '100002', password: 'Demo-Paramedic-2026!' };

/** Logs in through the login page, by EMS ID and password (DESIGN.md §2). */
export async function logIn(page: Page, who = PARAMEDIC): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('EMS ID').fill(who.emsId);
	await page.getByLabel('Password', { exact: true }).fill(who.password);
	await page.getByRole('button', { name: /^log in$/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export const syncStatus = (page: Page) => page.getByTestId('sync-status');

/** Opens "Changes on this device" and waits until the device has synced and all is sent. */
export async function openSyncPage(page: Page): Promise<void> {
	await page.goto('/sync');
	await expect(page.getByRole('heading', { level: 1, name: 'Changes on this device' })).toBeVisible();
	await expect(syncStatus(page)).toContainText('Last synced');
	await expect(syncStatus(page)).toContainText('All changes saved');
}

/**
 * The e2e server's database (scripts/e2e-server.mjs), read directly to check what the server stored. Only when
 * the e2e server runs on SQLite (no DATABASE_URL).
 */
export function serverDatabase(): Database.Database {
	return new Database(resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data', 'registry.db'), { readonly: true, fileMustExist: true });
}

export function storedMutations(recordId: string, needle: string): number {
	const db = serverDatabase();
	try {
		const row = db
			.prepare(`select count(*) as n from sync_mutations where record_id = ? and result like ?`)
			.get(recordId, `%${needle}%`) as { n: number };
		return row.n;
	} finally {
		db.close();
	}
}

export function serverPerson(emsNumber: string): Record<string, unknown> {
	const db = serverDatabase();
	try {
		return db.prepare('select * from persons where ems_number = ?').get(emsNumber) as Record<string, unknown>;
	} finally {
		db.close();
	}
}

/** A fresh phone number per run, so tests do not depend on each other's values. */
export function uniquePhone(): { typed: string; stored: string } {
	const line = String(1000 + Math.floor(Math.random() * 8999));
	return { typed: `701-555-${line}`, stored: `+1701555${line}` };
}

import { expect, type Page } from '@playwright/test';
import { serverDatabase, syncStatus } from './sync';

/**
 * The fault gates (sync-faults-*.e2e.ts, decision 048) add CE entries as the squad leader 100003: each entry is an
 * insert of its own record, so "applied exactly once" is countable (edits to one record fold in the outbox), and
 * no other test reads 100003's CE log or credits (ce-log.e2e.ts uses 100002).
 */
export const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };

export async function openCeLog(page: Page): Promise<void> {
	await page.goto('/continuing-education');
	await expect(page.getByRole('heading', { level: 1, name: 'Continuing Education' })).toBeVisible();
	await expect(page.getByRole('form', { name: 'Add an entry' })).toBeVisible();
}

/** Adds one entry through the page's own form, by its labels, and waits until it is in the log. */
export async function addCeEntry(page: Page, title: string): Promise<void> {
	const add = page.getByRole('form', { name: 'Add an entry' });
	await add.getByLabel('Course title').fill(title);
	await add.getByLabel('Provider').fill('Fault Drill EMS');
	await add.getByLabel('Hours').fill('0.5');
	await add.getByRole('radio', { name: 'Local (state or agency)' }).check();
	await add.getByRole('button', { name: 'Save entry' }).click();
	await expect(page.getByRole('status').filter({ hasText: `Added “${title}” to your log.` })).toBeVisible();
	await expect(add.getByLabel('Course title')).toHaveValue('');
}

/** What the server holds for these titles: entry rows per title, and mutation-log rows per entry record. */
export function serverCopies(titles: string[]): { rows: Map<string, number>; logged: Map<string, number> } {
	const db = serverDatabase();
	try {
		const rows = new Map(titles.map((t) => [t, 0]));
		const logged = new Map(titles.map((t) => [t, 0]));
		const entries = db.prepare(`select id, title from ce_entries where ems_number = ? and title like 'Fault drill %'`).all(LEADER.emsId) as { id: string; title: string }[];
		const count = db.prepare(`select count(*) as n from sync_mutations where table_name = 'ceEntries' and record_id = ?`);
		for (const e of entries) {
			if (!rows.has(e.title)) continue;
			rows.set(e.title, rows.get(e.title)! + 1);
			logged.set(e.title, logged.get(e.title)! + (count.get(e.id) as { n: number }).n);
		}
		return { rows, logged };
	} finally {
		db.close();
	}
}

/** Every title once on the server and once in the mutation log; prints what was not. */
export function expectAppliedOnce(titles: string[]): void {
	const { rows, logged } = serverCopies(titles);
	const wrong = titles.filter((t) => rows.get(t) !== 1 || logged.get(t) !== 1).map((t) => `${t}: ${rows.get(t)} rows, ${logged.get(t)} logged`);
	expect(wrong, `not applied exactly once:\n${wrong.join('\n')}`).toEqual([]);
}

export const allSaved = (page: Page) => expect(syncStatus(page)).toContainText('All changes saved', { timeout: 30_000 });

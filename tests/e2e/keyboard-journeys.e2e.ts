import { expect, test, type Locator, type Page } from '@playwright/test';
import { serverDatabase, serverPerson, syncStatus } from './support/sync';

/**
 * Keyboard-only journeys (issue 15 item 5): sign-in, Edit, Print License, adding a CE entry and a roster change,
 * done with Tab / Shift+Tab / Enter / Space / arrow keys and typing alone — no clicks, no fill(). Every stop on the
 * way must take focus and show it (app.css :focus-visible, or the label around a hidden file input), and after an
 * action focus must stay where the person was, not drop to the page's start. What the
 * journeys change is put back the same way: 100002's mobile phone, the CE entry (deleted), the vehicle (back in
 * service).
 */
const PARAMEDIC = { emsId: '100002', password: 'Demo-Paramedic-2026!' };
const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };
/** More than any of these pages has stops before what a journey needs (the leader's agency roster included). */
const MAX_TABS = 250;

/** The focused element shows a focus indicator: an outline or a box shadow on it, or on the label that wraps it. */
async function expectVisibleFocus(page: Page, what: string) {
	const shown = await page.evaluate(() => {
		const shows = (el: Element | null) => {
			if (!el) return false;
			const s = getComputedStyle(el);
			return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
		};
		const el = document.activeElement;
		if (!el || el === document.body) return 'nothing is focused';
		return shows(el) || shows(el.closest('label')) ? 'shown' : `no focus indicator on ${el.outerHTML.slice(0, 120)}`;
	});
	expect(shown, `visible focus on ${what}`).toBe('shown');
}

/**
 * Presses `key` (Tab or Shift+Tab) until `target` has focus — or, with `within`, an element inside it; fails when it
 * is not reached (unreachable, or a keyboard trap on the way).
 */
async function keyTo(page: Page, target: Locator, what: string, key: 'Tab' | 'Shift+Tab' = 'Tab', within = false) {
	await expect(target, `${what} is on the page`).toBeVisible();
	for (let i = 0; i < MAX_TABS; i++) {
		if (await target.evaluate((el, inside) => (inside ? el.contains(document.activeElement) && el !== document.activeElement : el === document.activeElement), within)) {
			await expectVisibleFocus(page, what);
			return;
		}
		await page.keyboard.press(key);
	}
	const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160));
	throw new Error(`${what} was not reached with ${MAX_TABS} presses of ${key}; focus is on ${at}`);
}

/** Types into the focused field, replacing what it held. */
async function typeHere(page: Page, text: string) {
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.press('Backspace');
	await page.keyboard.type(text);
}

/** Tabs into a radio group (focus lands on its checked radio, or the first), then Space / arrow keys to `choice`. */
async function chooseRadio(page: Page, group: Locator, choice: string, what: string) {
	await keyTo(page, group, what, 'Tab', true);
	const wanted = group.getByRole('radio', { name: choice, exact: true });
	if ((await group.getByRole('radio', { checked: true }).count()) === 0) await page.keyboard.press('Space');
	for (let i = 0; i < 6 && !(await wanted.isChecked()); i++) await page.keyboard.press('ArrowDown');
	await expect(wanted, `${what}: ${choice}`).toBeChecked();
	await expect(wanted).toBeFocused();
}

async function signInByKeyboard(page: Page, who: { emsId: string; password: string }) {
	await page.goto('/login');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	const id = page.getByLabel('EMS ID');
	const password = page.getByLabel('Password', { exact: true });
	await keyTo(page, id, 'EMS ID');
	await page.keyboard.type(who.emsId);
	await keyTo(page, password, 'Password');
	await page.keyboard.type(who.password);
	// Back and forth: Shift+Tab returns to the EMS ID, with what was typed kept.
	await keyTo(page, id, 'EMS ID again', 'Shift+Tab');
	await expect(id).toHaveValue(who.emsId);
	await keyTo(page, page.getByRole('button', { name: /^log in$/i }), 'Log In');
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
	await expect(syncStatus(page)).toContainText('All changes saved');
}

/** Dashboard → Edit → No for Name, Yes for Contact information → mobile phone → Submit & Continue → dashboard. */
async function editMobilePhone(page: Page, typed: string) {
	await keyTo(page, page.getByRole('link', { name: 'Edit', exact: true }), 'Edit');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Edit', exact: true })).toBeVisible();
	await chooseRadio(page, page.getByRole('group', { name: 'Name', exact: true }), 'No', 'Name');
	await chooseRadio(page, page.getByRole('group', { name: 'Contact information' }), 'Yes', 'Contact information');
	await keyTo(page, page.getByLabel('Mobile phone'), 'Mobile phone');
	await typeHere(page, typed);
	await keyTo(page, page.getByRole('button', { name: 'Submit & Continue' }), 'Submit & Continue');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Thank you' })).toBeVisible();
	await keyTo(page, page.getByRole('link', { name: 'Account Dashboard Home' }), 'Account Dashboard Home');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
}

test('keyboard only: sign in, Edit the mobile phone and save, and put it back', async ({ page }) => {
	const before = serverPerson(PARAMEDIC.emsId).mobile_phone as string;
	const line = String(1000 + Math.floor(Math.random() * 8999));
	await signInByKeyboard(page, PARAMEDIC);
	await editMobilePhone(page, `701-555-${line}`);
	await expect(page.getByRole('region', { name: 'Name and contact information' })).toContainText(`(701) 555-${line}`);
	await expect.poll(() => serverPerson(PARAMEDIC.emsId).mobile_phone).toBe(`+1701555${line}`);

	await editMobilePhone(page, before.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '$1-$2-$3'));
	await expect.poll(() => serverPerson(PARAMEDIC.emsId).mobile_phone).toBe(before);
});

test('keyboard only: Print License downloads the PDF', async ({ page }) => {
	await signInByKeyboard(page, PARAMEDIC);
	await keyTo(page, page.getByRole('link', { name: 'Print License' }), 'Print License');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Printing License' })).toBeVisible();
	await keyTo(page, page.getByRole('button', { name: 'Print', exact: true }), 'Print');
	const downloading = page.waitForEvent('download');
	await page.keyboard.press('Enter');
	expect((await downloading).suggestedFilename()).toBe('ND-EMS-License-P-004321.pdf');
	// Print is disabled while the PDF is built; focus comes back to it, not to the page's start.
	await expect(page.getByRole('button', { name: 'Print', exact: true })).toBeFocused();
});

test('keyboard only: add a CE entry, then delete it', async ({ page }) => {
	const title = `Keyboard airway review ${Date.now() % 100_000}`;
	await signInByKeyboard(page, PARAMEDIC);
	await keyTo(page, page.getByRole('link', { name: 'Continuing Education' }), 'Continuing Education');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Continuing Education' })).toBeVisible();
	const form = page.getByRole('form', { name: 'Add an entry' });
	await keyTo(page, form.getByLabel('Course title'), 'Course title');
	await page.keyboard.type(title);
	await keyTo(page, form.getByLabel('Provider'), 'Provider');
	await page.keyboard.type('Sanford Health');
	await keyTo(page, form.getByLabel('Hours'), 'Hours');
	await page.keyboard.type('1.5');
	await chooseRadio(page, form.getByRole('group', { name: 'Component' }), 'National', 'Component');
	await keyTo(page, form.getByLabel('Topic'), 'Topic');
	// A closed select changes with the arrow keys; pick Airway by moving until it is chosen.
	for (let i = 0; i < 20 && (await form.getByLabel('Topic').inputValue()) !== 'airway'; i++) await page.keyboard.press('ArrowDown');
	await expect(form.getByLabel('Topic')).toHaveValue('airway');
	await chooseRadio(page, form.getByRole('group', { name: 'Pediatric content' }), 'No', 'Pediatric content');
	// The certificate's file inputs are reachable too (each inside its button-styled label), then Save entry.
	await keyTo(page, form.getByLabel('Choose a photo or PDF'), 'Choose a photo or PDF');
	await keyTo(page, form.getByRole('button', { name: 'Save entry' }), 'Save entry');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: `Added “${title}” to your log.` })).toBeVisible();
	// The emptied form is ready for the next course (focus was not dropped to the page's start).
	await expect(form.getByLabel('Course title')).toBeFocused();
	await expect(form.getByLabel('Course title')).toHaveValue('');
	await expect(syncStatus(page)).toContainText('All changes saved');
	const stored = () => {
		const db = serverDatabase();
		try {
			return db.prepare('select deleted_at from ce_entries where title = ?').get(title) as { deleted_at: string | null } | undefined;
		} finally {
			db.close();
		}
	};
	await expect.poll(stored).toEqual({ deleted_at: null });

	const item = page.getByRole('region', { name: 'Your log' }).getByRole('listitem').filter({ hasText: title });
	await keyTo(page, item.getByRole('button', { name: `Delete ${title}` }), 'Delete');
	await page.keyboard.press('Enter');
	await keyTo(page, item.getByRole('button', { name: 'Yes, delete' }), 'Yes, delete');
	await page.keyboard.press('Space');
	await expect(page.getByRole('status').filter({ hasText: `Deleted “${title}”.` })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Your log' })).toBeFocused();
	await expect.poll(() => stored()?.deleted_at).not.toBeNull();
});

test('keyboard only: a squad leader takes a vehicle out of service and returns it to service', async ({ page }) => {
	const db = serverDatabase();
	// The leader's agency and its last vehicle in service by unit number (agency-roster.e2e.ts uses the first).
	const { number, name, id, unit } = db
		.prepare(
			`select a.number, a.name, v.id, v.unit_number as unit from agencies a join affiliations f on f.agency_number = a.number join vehicles v on v.agency_number = a.number
			 where f.ems_number = ? and f.role = 'squad_leader' and f.ended_on is null and v.status = 'in_service' and v.deleted_at is null order by a.number, v.unit_number desc limit 1`
		)
		.get(LEADER.emsId) as { number: string; name: string; id: string; unit: string };
	db.close();
	const vehicle = () => {
		const d = serverDatabase();
		try {
			return d.prepare('select status, out_of_service_reason as reason from vehicles where id = ?').get(id);
		} finally {
			d.close();
		}
	};

	await signInByKeyboard(page, LEADER);
	await keyTo(page, page.getByRole('link', { name: new RegExp(`^Agency page.*${name}`) }), 'Agency page');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`/agency/${number}$`));
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

	await keyTo(page, page.getByRole('button', { name: `Take out of service ${unit}`, exact: true }), 'Take out of service');
	await page.keyboard.press('Enter');
	const form = page.getByRole('form', { name: `Take ${unit} out of service` });
	await keyTo(page, form.getByLabel('Reason'), 'Reason');
	await page.keyboard.type('Brake inspection');
	await keyTo(page, form.getByRole('button', { name: 'Take out of service' }), 'Take out of service (submit)');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: `${unit} is out of service.` })).toBeVisible();
	// Focus stays on the vehicle: its button now offers the way back.
	await expect(page.getByRole('button', { name: `Return to service ${unit}`, exact: true })).toBeFocused();
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect.poll(vehicle).toEqual({ status: 'out_of_service', reason: 'Brake inspection' });

	await keyTo(page, page.getByRole('button', { name: `Return to service ${unit}`, exact: true }), 'Return to service');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: `${unit} is back in service.` })).toBeVisible();
	await expect(page.getByRole('button', { name: `Take out of service ${unit}`, exact: true })).toBeFocused();
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect.poll(vehicle).toEqual({ status: 'in_service', reason: null });
});

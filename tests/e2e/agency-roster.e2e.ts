import { expect, test, type Page } from '@playwright/test';
import { formatUsPhone, fullName } from '../../src/lib/domain/format';
import { vinCheckDigit } from '../../src/lib/domain/vehicle';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, serverDatabase, syncStatus, uniquePhone } from './support/sync';

/**
 * Issue 10's "Done when", as a new squad leader would do it: 100003 opens their agency from the dashboard and,
 * offline, edits its phone, adds EMT 100001, ends a member's affiliation, grants the leader role, adds a vehicle
 * (a bad VIN check digit refused at the field first) and takes a vehicle out of service; back online the server
 * holds every change, and a second device of 100003 shows them. Reads the e2e server's SQLite database.
 */
const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };
/** 100001's name in the demo data (src/lib/server/demo/generator.ts). */
const NEW_EMT = 'Jordan Halvorson';
const today = () => {
	const d = new Date();
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

interface Member {
	ems: string;
	name: string;
	id: string;
}

/** The leader's agency, two of its current plain members (not 100001) and one of its vehicles in service. */
function leaderAgency(): { number: string; name: string; members: Member[]; vehicle: { id: string; unit: string } } {
	const db = serverDatabase();
	try {
		const agency = db
			.prepare(`select a.number, a.name from agencies a join affiliations f on f.agency_number = a.number where f.ems_number = ? and f.role = 'squad_leader' and f.ended_on is null order by a.number limit 1`)
			.get(LEADER.emsId) as { number: string; name: string };
		const members = (
			db
				.prepare(
					`select f.id, p.ems_number, p.first_name, p.middle_name, p.last_name, p.suffix from affiliations f join persons p on p.ems_number = f.ems_number
					 where f.agency_number = ? and f.role = 'member' and f.ended_on is null and f.deleted_at is null and f.ems_number not in ('100001', '100003') order by p.ems_number limit 2`
				)
				.all(agency.number) as { id: string; ems_number: string; first_name: string; middle_name: string | null; last_name: string; suffix: string | null }[]
		).map((m) => ({ ems: m.ems_number, id: m.id, name: fullName({ firstName: m.first_name, middleName: m.middle_name, lastName: m.last_name, suffix: m.suffix }) }));
		const vehicle = db.prepare(`select id, unit_number from vehicles where agency_number = ? and status = 'in_service' order by unit_number limit 1`).get(agency.number) as { id: string; unit_number: string };
		if (members.length < 2 || !vehicle) throw new Error('the demo agency of 100003 needs two plain members and a vehicle in service');
		return { ...agency, members, vehicle: { id: vehicle.id, unit: vehicle.unit_number } };
	} finally {
		db.close();
	}
}

function serverRow(sql: string, ...params: unknown[]): Record<string, unknown> | undefined {
	const db = serverDatabase();
	try {
		return db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
	} finally {
		db.close();
	}
}

/** A VIN with a correct check digit (49 CFR 565), and the same with a wrong one. */
function vins(): { good: string; bad: string } {
	const serial = String(100000 + Math.floor(Math.random() * 899999));
	const body = `1FDUF5HT0N${'E'}${serial}`;
	const digit = vinCheckDigit(body);
	const good = `${body.slice(0, 8)}${digit}${body.slice(9)}`;
	const wrong = digit === '1' ? '2' : '1';
	return { good, bad: `${body.slice(0, 8)}${wrong}${body.slice(9)}` };
}

const rosterRows = (page: Page) => page.getByTestId('roster-row');

async function search(page: Page, text: string) {
	await page.getByLabel('Search by name or ND EMS #').fill(text);
}

test('a squad leader updates contact, roster and vehicles offline; the server and a second device get every change', async ({ page, context, browser }) => {
	test.setTimeout(120_000);
	const agency = leaderAgency();
	const [toEnd, toLead] = agency.members as [Member, Member];
	const phone = uniquePhone();
	const { good, bad } = vins();
	const unit = `Rescue ${Math.floor(Math.random() * 900) + 100}`;

	await logIn(page, LEADER);
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
	await waitForServiceWorkerControl(page);
	await expect(syncStatus(page)).toContainText('Last synced');

	await context.setOffline(true);
	await page.getByRole('link', { name: new RegExp(`^Agency page.*${agency.name}`) }).click();
	await expect(page.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();

	// Contact information: phone.
	await page.getByRole('link', { name: 'Edit contact information' }).click();
	await page.getByLabel('Agency phone').fill(phone.typed);
	await page.getByRole('button', { name: 'Save contact information' }).click();
	await expect(page.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();
	await expect(page.getByText(formatUsPhone(phone.stored))).toBeVisible();

	// Add EMT 100001 by number (offline: checked when it syncs).
	await page.getByText('Add a member').click();
	await page.getByLabel('ND EMS #', { exact: true }).fill('100001');
	await page.getByRole('button', { name: 'Add member' }).click();
	await expect(page.getByText('ND EMS # 100001 was added on this device')).toBeVisible();
	await search(page, '100001');
	await expect(rosterRows(page)).toHaveCount(1);
	await expect(rosterRows(page)).toContainText('Waiting to be sent');

	// End another member's affiliation (today): they leave the current list at once.
	await search(page, toEnd.ems);
	await page.getByRole('button', { name: `Manage ${toEnd.name}` }).click();
	await expect(page.getByLabel('End date')).toHaveValue(today());
	await page.getByRole('button', { name: 'End affiliation' }).click();
	await expect(rosterRows(page)).toHaveCount(0);
	await page.getByText(/^Former members/).click();
	await expect(page.locator('details.former')).toContainText(toEnd.name);

	// Grant the squad-leader role.
	await search(page, toLead.ems);
	await page.getByRole('button', { name: `Manage ${toLead.name}` }).click();
	await page.getByRole('button', { name: 'Grant squad-leader role' }).click();
	await expect(rosterRows(page)).toContainText('Squad leader');
	await page.getByRole('button', { name: 'Close' }).click();

	// A vehicle: the wrong check digit is refused at the field, what was typed stays; the right one is added.
	await page.getByRole('button', { name: 'Add a vehicle' }).click();
	const form = page.locator('form.vehicle-form');
	await form.getByLabel('Unit number').fill(unit);
	await form.getByLabel('VIN').fill(bad);
	await form.getByLabel('Year').fill('2022');
	await form.getByLabel('Make').fill('Ford');
	await form.getByLabel('Model').fill('F-550');
	await form.getByLabel('Vehicle type').selectOption({ label: 'Rescue' });
	await form.getByRole('button', { name: 'Add vehicle' }).click();
	await expect(form.getByText('VIN check digit does not match; please re-read the VIN.')).toBeVisible();
	await expect(form.getByLabel('VIN')).toHaveValue(bad);
	await expect(form.getByLabel('VIN')).toBeFocused();
	await form.getByLabel('VIN').fill(good);
	await form.getByRole('button', { name: 'Add vehicle' }).click();
	await expect(page.getByText(`${unit} was added to the vehicle roster.`)).toBeVisible();
	await expect(page.getByTestId('vehicle-row').filter({ hasText: unit })).toContainText(good);

	// Take a vehicle out of service, with the date (today) and the reason.
	await page.getByRole('button', { name: `Take out of service ${agency.vehicle.unit}`, exact: true }).click();
	const oos = page.getByRole('form', { name: `Take ${agency.vehicle.unit} out of service` });
	await oos.getByRole('button', { name: 'Take out of service' }).click();
	await expect(oos.getByText('Reason is required')).toBeVisible();
	await oos.getByLabel('Reason').fill('Transmission repair');
	await oos.getByRole('button', { name: 'Take out of service' }).click();
	await expect(page.getByTestId('vehicle-row').filter({ hasText: agency.vehicle.unit }).first()).toContainText(`Out of service since ${today()}: Transmission repair`);

	// Nothing has reached the server yet.
	expect(serverRow('select phone from agencies where number = ?', agency.number)?.phone).not.toBe(phone.stored);

	await context.setOffline(false);
	await expect(syncStatus(page)).toContainText('All changes saved', { timeout: 20_000 });
	await expect(syncStatus(page)).toContainText('Last synced');

	expect(serverRow('select phone from agencies where number = ?', agency.number)?.phone).toBe(phone.stored);
	expect(serverRow(`select role, ended_on from affiliations where agency_number = ? and ems_number = '100001' and deleted_at is null`, agency.number)).toEqual({ role: 'member', ended_on: null });
	expect(serverRow('select ended_on from affiliations where id = ?', toEnd.id)?.ended_on).toBe(today());
	expect(serverRow('select role from affiliations where id = ?', toLead.id)?.role).toBe('squad_leader');
	expect(serverRow('select vin, unit_number, status from vehicles where agency_number = ? and unit_number = ?', agency.number, unit)).toEqual({ vin: good, unit_number: unit, status: 'in_service' });
	expect(serverRow('select status, out_of_service_on, out_of_service_reason from vehicles where id = ?', agency.vehicle.id)).toEqual({
		status: 'out_of_service',
		out_of_service_on: today(),
		out_of_service_reason: 'Transmission repair'
	});
	// 100001's name and level arrive with the pull that follows the addition.
	await search(page, '100001');
	await expect(rosterRows(page)).not.toContainText('Waiting to be sent');
	await expect(rosterRows(page)).toContainText(NEW_EMT);
	await expect(rosterRows(page)).toContainText('EMT · ND EMS # 100001');

	// A second device of the same leader shows all of it.
	const second = await browser.newContext();
	try {
		const other = await second.newPage();
		await logIn(other, LEADER);
		await expect(syncStatus(other)).toContainText('Last synced');
		await other.goto(`/agency/${agency.number}`);
		await expect(other.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();
		await expect(other.getByText(formatUsPhone(phone.stored))).toBeVisible();
		await search(other, '100001');
		await expect(rosterRows(other)).toHaveCount(1);
		await expect(rosterRows(other)).toContainText('EMT');
		await search(other, toLead.ems);
		await expect(rosterRows(other)).toContainText('Squad leader');
		await search(other, toEnd.ems);
		await expect(rosterRows(other)).toHaveCount(0);
		await other.getByText(/^Former members/).click();
		await expect(other.locator('details.former')).toContainText(toEnd.name);
		await expect(other.getByTestId('vehicle-row').filter({ hasText: unit })).toContainText(good);
		await expect(other.getByTestId('vehicle-row').filter({ hasText: agency.vehicle.unit }).first()).toContainText('Out of service since');
	} finally {
		await second.close();
	}
});

test('adding Paramedic 100002 shows as waiting for the state EMS office', async ({ page }) => {
	const agency = leaderAgency();
	await logIn(page, LEADER);
	await expect(syncStatus(page)).toContainText('Last synced');
	await page.goto(`/agency/${agency.number}`);
	await expect(page.getByRole('heading', { level: 1, name: agency.name })).toBeVisible();
	await page.getByText('Add a member').click();
	await page.getByLabel('ND EMS #', { exact: true }).fill('100002');
	await page.getByRole('button', { name: 'Look up' }).click();
	const send = page.getByRole('button', { name: /^Send .* to the state EMS office for approval$/ });
	await expect(send).toBeVisible();
	await expect(page.locator('.found')).toContainText('Paramedic');
	await send.click();
	const waiting = page.getByTestId('waiting-addition').filter({ hasText: '100002' });
	await expect(waiting).toBeVisible();
	await expect(syncStatus(page)).toContainText('All changes saved', { timeout: 20_000 });
	await expect(waiting).toContainText('Waiting for the state EMS office');
	const request = serverRow(`select kind, status, ems_number, changes from change_requests where kind = 'member_addition' and ems_number = '100002'`);
	expect(request).toMatchObject({ kind: 'member_addition', status: 'pending', ems_number: '100002' });
	expect(JSON.parse(String(request!.changes))).toEqual({ id: expect.any(String), agencyNumber: agency.number, emsNumber: '100002', role: 'member', startedOn: today() });
	// Not on the roster until the office approves.
	await page.getByLabel('Search by name or ND EMS #').fill('100002');
	await expect(rosterRows(page)).toHaveCount(0);
	expect(serverRow(`select count(*) as n from affiliations where agency_number = ? and ems_number = '100002'`, agency.number)?.n).toBe(0);
});

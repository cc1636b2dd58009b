import { expect, test, type Page } from '@playwright/test';
import { openDashboard } from './support/edit';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, PARAMEDIC } from './support/sync';

// Issue 16, item 1: a signed-in person gets from the start page, /login or the installed app's start to where they
// work in one tap, online and offline; only a signed-out person sees the sign-in form.

const LEADER = { emsId: '100003', password: 'Demo-Leader-2026!' };
const OFFICE = { emsId: 'office@example.org', password: 'Demo-Office-2026!' };

const dashboardOf = async (page: Page, emsNumber: string) => {
	await expect(page).toHaveURL(/\/dashboard$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Licensee Dashboard' })).toBeVisible();
	await expect(page.getByText(`ND EMS # ${emsNumber}`)).toBeVisible();
};

async function startUrl(page: Page): Promise<string> {
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = await (await page.request.get(new URL(href!, page.url()).href)).json();
	return manifest.start_url as string;
}

test('signed in: start page → "Licensee Dashboard" opens the dashboard, online and offline', async ({ page, context }) => {
	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);

	await page.goto('/');
	await page.getByRole('link', { name: 'Licensee Dashboard' }).click();
	await dashboardOf(page, PARAMEDIC.emsId);

	await context.setOffline(true);
	const home = await page.goto('/');
	expect(home?.fromServiceWorker()).toBe(true);
	await page.getByRole('link', { name: 'Licensee Dashboard' }).click();
	await dashboardOf(page, PARAMEDIC.emsId);
	await context.setOffline(false);
});

test('/login forwards a signed-in person, online and offline, and keeps where they were going', async ({ page, context }) => {
	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);

	await page.goto('/login');
	await dashboardOf(page, PARAMEDIC.emsId);
	await page.goto('/login?next=/sync');
	await expect(page.getByRole('heading', { level: 1, name: 'Changes on this device' })).toBeVisible();

	await context.setOffline(true);
	expect((await page.goto('/login'))?.fromServiceWorker()).toBe(true);
	await dashboardOf(page, PARAMEDIC.emsId);
	await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
	await context.setOffline(false);
});

test("the installed app's start opens the dashboard when signed in (offline too) and the form when not", async ({ page, context }) => {
	await page.goto('/');
	const start = await startUrl(page);

	await page.goto(start);
	await expect(page.getByLabel('EMS ID')).toBeVisible();
	await expect(page.getByLabel('Password', { exact: true })).toBeVisible();

	await logIn(page);
	await openDashboard(page);
	await waitForServiceWorkerControl(page);
	await page.goto(start);
	await dashboardOf(page, PARAMEDIC.emsId);

	await context.setOffline(true);
	await page.goto(start);
	await dashboardOf(page, PARAMEDIC.emsId);
	await context.setOffline(false);

	// After signing out the start is the sign-in form again, and so is the start page's link.
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByLabel('EMS ID')).toBeVisible();
	await page.goto(start);
	await expect(page.getByLabel('EMS ID')).toBeVisible();
	await page.goto('/');
	await page.getByRole('link', { name: 'Licensee Dashboard' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await expect(page.getByLabel('EMS ID')).toBeVisible();
});

test('a squad leader starts on the dashboard with the agency one tap away; office staff on the console', async ({ page, context }) => {
	await logIn(page, LEADER);
	await openDashboard(page, LEADER.emsId);
	await waitForServiceWorkerControl(page);
	await context.setOffline(true);
	await page.goto('/login');
	await dashboardOf(page, LEADER.emsId);
	await context.setOffline(false);
	await page.getByRole('region', { name: 'Your agencies' }).getByRole('link', { name: /^Agency page/ }).first().click();
	await expect(page.getByText('You lead this agency as squad leader.')).toBeVisible();

	await page.goto('/dashboard');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByLabel('EMS ID')).toBeVisible();
	await logIn(page, OFFICE);
	await expect(page).toHaveURL(/\/office$/);
	await page.goto('/');
	await page.getByRole('link', { name: 'Licensee Dashboard' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Office Console' })).toBeVisible();
	await page.goto(await startUrl(page));
	await expect(page.getByRole('heading', { level: 1, name: 'Office Console' })).toBeVisible();
});

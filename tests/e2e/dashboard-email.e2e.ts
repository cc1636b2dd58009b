import { expect, test, type Browser, type Page } from '@playwright/test';
import { editContact, openDashboard } from './support/edit';
import { receivedMessages } from './support/messages';
import { waitForServiceWorkerControl } from './support/service-worker';
import { logIn, serverDatabase, serverPerson, syncStatus } from './support/sync';

function accountEmail(emsNumber: string): string {
	const db = serverDatabase();
	try {
		return (db.prepare('select email from accounts where ems_number = ?').get(emsNumber) as { email: string }).email;
	} finally {
		db.close();
	}
}

const contact = (page: Page) => page.getByRole('region', { name: 'Name and contact information' });

/** The link of this kind in the newest message to `to`, as the person would open it from their inbox. */
async function linkSentTo(to: string, kind: 'confirm-email' | 'undo-email-change'): Promise<string> {
	let link: string | undefined;
	await expect
		.poll(async () => {
			const message = (await receivedMessages()).findLast((m) => m.to === to && m.text.includes(`/${kind}?token=`));
			link = message ? new RegExp(`https?://\\S+/${kind}\\?token=[\\w-]+`).exec(message.text)?.[0] : undefined;
			return link;
		}, { timeout: 15_000 })
		.toBeTruthy();
	return link!;
}

/** Opens a link in a browser with no session, like a mail app on another device. */
async function openFromInbox(browser: Browser, link: string): Promise<Page> {
	const inbox = await browser.newContext();
	const page = await inbox.newPage();
	await page.goto(link);
	return page;
}

test('a new email address is used for codes only once its inbox confirms it, and the old inbox can undo the change', async ({ page, context, browser }) => {
	await logIn(page);
	await openDashboard(page);
	// Offline, the service worker serves the app: it must be in charge first.
	await waitForServiceWorkerControl(page);
	await openDashboard(page);
	const old = accountEmail('100002');
	const fresh = `medic.${Date.now()}@example.org`;

	// Edited offline: kept on the device, and the dashboard says what happens next.
	await context.setOffline(true);
	await editContact(page, { Email: fresh });
	await expect(contact(page)).toContainText(fresh);
	await expect(contact(page)).toContainText(`Waiting to be sent. Once it reaches the state registry, a confirmation link goes to this address; until it is confirmed, codes and notices go to ${old}.`);

	await context.setOffline(false);
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect(contact(page)).toContainText(`Waiting for confirmation: open the link we sent to this address. Until then, codes and notices go to ${old}.`);
	expect(serverPerson('100002').email).toBe(fresh);
	expect(accountEmail('100002')).toBe(old);
	await contact(page).getByRole('button', { name: 'Send a new link' }).click();
	await expect(contact(page).getByRole('status')).toContainText('A link was sent moments ago. Wait');

	// Opening the link (as a mail scanner would) changes nothing; the button does.
	const confirm = await openFromInbox(browser, await linkSentTo(fresh, 'confirm-email'));
	await expect(confirm.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeVisible();
	expect(accountEmail('100002')).toBe(old);
	await confirm.getByRole('button', { name: 'Confirm email address' }).click();
	await expect(confirm.getByRole('status').filter({ hasText: 'confirmed' })).toContainText(`Your email address is confirmed. From now on codes and notices for your account go to ${fresh}.`);
	expect(accountEmail('100002')).toBe(fresh);
	// The same link a second time does nothing, and says so.
	await confirm.reload();
	await expect(confirm.getByRole('alert')).toContainText('This link was already used');

	await page.reload();
	await expect(syncStatus(page)).toContainText('All changes saved');
	await expect(contact(page)).toContainText(fresh);
	await expect(contact(page)).not.toContainText('Waiting for confirmation');

	// The old inbox's notice undoes it, even after confirmation: old address back, every session ended. Opened in
	// the browser that has the app (its service worker answers the navigation with the shell).
	const undo = await context.newPage();
	await undo.goto(await linkSentTo(old, 'undo-email-change'));
	await expect(undo.getByText(`was changed from ${old} to ${fresh}`)).toBeVisible();
	await undo.getByRole('button', { name: 'Undo the change' }).click();
	await expect(undo.getByRole('status').filter({ hasText: 'undone' })).toContainText(`The change was undone. Codes and notices for your account go to ${old} again`);
	expect(accountEmail('100002')).toBe(old);
	expect(serverPerson('100002').email).toBe(old);
	expect((await page.request.get('/api/sync/pull?cursor=0&limit=1')).status()).toBe(401);
	await expect.poll(async () => (await receivedMessages()).some((m) => m.to === old && m.subject === 'Your EMS Registry email address change was undone')).toBe(true);
});

test('a wrong confirm or undo link gets a page that says so', async ({ page }) => {
	await page.goto('/confirm-email?token=not-a-real-token');
	await expect(page.getByRole('alert')).toContainText('This confirmation link is not valid.');
	await expect(page.getByRole('button', { name: 'Confirm email address' })).toHaveCount(0);
	await page.goto('/undo-email-change');
	await expect(page.getByRole('alert')).toContainText('This undo link is not valid.');
});

test('an email address another person uses is refused with the reason, and the record keeps the old one', async ({ page }) => {
	await logIn(page);
	await openDashboard(page);
	const old = accountEmail('100002');
	await editContact(page, { Email: accountEmail('100001') });
	const refusal = page.getByRole('article').filter({ hasText: 'That email address is already used by another person in the registry.' });
	await expect(refusal).toBeVisible();
	await expect(contact(page)).toContainText(old);
	await expect(syncStatus(page)).toContainText('All changes saved');
	expect(accountEmail('100002')).toBe(old);
	await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText('Not accepted by the state registry');
});

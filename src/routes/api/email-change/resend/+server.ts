import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { transportsFromEnvironment } from '$lib/server/auth/delivery';
import { resendEmailChange, siteOrigin } from '$lib/server/auth/email-change';
import type { RequestHandler } from './$types';

/** POST /api/email-change/resend — new confirm and undo links for the signed-in person's waiting email change. */
export const POST: RequestHandler = async ({ locals }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	if (user.role !== 'licensee') error(403, 'Only a licensee’s own email change has links to send.');
	const { db } = await appDatabase();
	const { result, notices } = await resendEmailChange(db, { accountId: user.accountId, requestedBy: user.accountId, origin: siteOrigin() });
	const { email } = transportsFromEnvironment(db);
	for (const notice of notices) await email.send(notice).catch((e) => console.error('[auth] email change notice not sent', e));
	if (result.ok) return json(result);
	if (result.reason === 'too_soon') return json({ ...result, message: `A link was sent moments ago. Wait ${result.retryAfterSeconds} seconds before asking for another.` }, { status: 429 });
	return json({ ...result, message: 'No email change is waiting for confirmation.' }, { status: 409 });
};

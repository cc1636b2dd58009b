import { redirect } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { audit } from '$lib/server/auth/audit';
import { clearSessionCookie, endSession } from '$lib/server/auth/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, cookies, getClientAddress }) => {
	if (locals.session) {
		const { db } = await appDatabase();
		await endSession(db, locals.session.id);
		await audit(db, { event: 'logout', accountId: locals.user?.accountId, ip: getClientAddress() });
	}
	clearSessionCookie(cookies);
	redirect(303, '/login');
};

import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { appDatabase } from '$lib/server/app-database';
import { listPasskeys, removePasskey } from '$lib/server/auth/passkeys';
import { requireRecentAuth } from '$lib/server/auth/reauth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	requireRecentAuth(locals, url.pathname);
	setHeaders({ 'Cache-Control': 'no-store' });
	const { db } = await appDatabase();
	return { passkeys: await listPasskeys(db, locals.user!.accountId) };
};

const removeSchema = v.object({ id: v.pipe(v.string(), v.nonEmpty(), v.maxLength(2000)) });

export const actions: Actions = {
	remove: async ({ request, locals, url, getClientAddress }) => {
		requireRecentAuth(locals, url.pathname);
		const parsed = v.safeParse(removeSchema, Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: 'Choose a passkey to remove.' });
		const { db } = await appDatabase();
		const removed = await removePasskey(db, locals.user!.accountId, parsed.output.id, { ip: getClientAddress() });
		if (!removed) return fail(404, { message: 'That passkey was already removed.' });
		return { message: 'Passkey removed.' };
	}
};

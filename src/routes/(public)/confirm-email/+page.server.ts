import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { emailLinkFormSchema } from '$lib/domain/email-change-links';
import { appDatabase } from '$lib/server/app-database';
import { confirmEmailChange, emailChangeLink } from '$lib/server/auth/email-change';
import { formOf } from '$lib/server/form-data';
import type { Actions, PageServerLoad } from './$types';

/** Opening the link only shows what it would do: mail scanners fetch links, so only the button press confirms. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const token = url.searchParams.get('token') ?? '';
	const { db } = await appDatabase();
	const link = await emailChangeLink(db, 'confirm', token);
	return { token, link: link.ok ? { ok: true as const, newEmail: link.change.newEmail, emsNumber: link.change.emsNumber } : link };
};

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const parsed = v.safeParse(emailLinkFormSchema, { token: (await formOf(request)).get('token') ?? '' });
		if (!parsed.success) return fail(400, { problem: 'unknown' as const, newEmail: null });
		const { db } = await appDatabase();
		const result = await confirmEmailChange(db, parsed.output.token, { ip: getClientAddress() });
		if (!result.ok) return fail(400, { problem: result.problem, newEmail: null });
		return { problem: null, newEmail: result.newEmail };
	}
};

import type { FieldErrors } from '$lib/domain/validation';
import { fail } from '@sveltejs/kit';
import { newPasswordSchema } from '$lib/domain/auth-forms';
import { validate } from '$lib/domain/validation';
import { appDatabase } from '$lib/server/app-database';
import { changePasswordWithTicket, passwordChangeFor } from '$lib/server/auth/codes';
import { TICKET_COOKIE, clearTicketCookie } from '$lib/server/auth/ticket-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const ticket = cookies.get(TICKET_COOKIE);
	const { db } = await appDatabase();
	// The page needs the EMS # and email only to check "not your EMS # or email" while the person types.
	return { account: ticket ? await passwordChangeFor(db, ticket) : null };
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const form = await request.formData();
		const checked = validate(newPasswordSchema, { password: form.get('password'), confirmation: form.get('confirmation') ?? '' });
		if (!checked.ok) return fail(400, { errors: checked.errors, requirements: null, expired: false, changed: false });
		const ticket = cookies.get(TICKET_COOKIE);
		const { db } = await appDatabase();
		const result = ticket
			? await changePasswordWithTicket(db, ticket, checked.value.password, checked.value.confirmation, { ip: getClientAddress() })
			: ({ ok: false, reason: 'expired' } as const);
		if (result.ok) {
			clearTicketCookie(cookies);
			return { changed: true as const };
		}
		if (result.reason === 'expired') return fail(400, { errors: {} as FieldErrors, requirements: null, expired: true, changed: false });
		return fail(400, { errors: {} as FieldErrors, requirements: result.requirements, expired: false, changed: false });
	}
};

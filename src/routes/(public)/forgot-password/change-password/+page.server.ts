import type { FieldErrors } from '$lib/domain/validation';
import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { newPasswordSchema } from '$lib/domain/auth-forms';
import { validate } from '$lib/domain/validation';
import { appDatabase } from '$lib/server/app-database';
import { passkeysAfterReset, removePasskeyAfterReset } from '$lib/server/auth/after-reset';
import { changePasswordWithTicket, passwordChangeFor } from '$lib/server/auth/codes';
import { TICKET_COOKIE } from '$lib/server/auth/ticket-cookie';
import { formOf } from '$lib/server/form-data';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const ticket = cookies.get(TICKET_COOKIE);
	const { db } = await appDatabase();
	// The page needs the EMS # and email only to check "not your EMS # or email" while the person types.
	return { account: ticket ? await passwordChangeFor(db, ticket) : null };
};

const removeSchema = v.object({ id: v.pipe(v.string(), v.nonEmpty(), v.maxLength(2000)) });

export const actions: Actions = {
	changePassword: async ({ request, cookies, getClientAddress }) => {
		const form = await formOf(request);
		const checked = validate(newPasswordSchema, { password: form.get('password'), confirmation: form.get('confirmation') ?? '' });
		if (!checked.ok) return fail(400, { errors: checked.errors, requirements: null, expired: false, changed: false });
		const ticket = cookies.get(TICKET_COOKIE);
		const { db } = await appDatabase();
		const result = ticket
			? await changePasswordWithTicket(db, ticket, checked.value.password, checked.value.confirmation, { ip: getClientAddress() })
			: ({ ok: false, reason: 'expired' } as const);
		if (result.ok) {
			// The ticket cookie stays: for a short while it lets this page remove the account's passkeys
			// (src/lib/server/auth/after-reset.ts); it can no longer change the password.
			return { changed: true as const, passkeys: (await passkeysAfterReset(db, ticket!)) ?? [] };
		}
		if (result.reason === 'expired') return fail(400, { errors: {} as FieldErrors, requirements: null, expired: true, changed: false });
		return fail(400, { errors: {} as FieldErrors, requirements: result.requirements, expired: false, changed: false });
	},
	removePasskey: async ({ request, cookies, getClientAddress }) => {
		const parsed = v.safeParse(removeSchema, Object.fromEntries(await formOf(request)));
		const ticket = cookies.get(TICKET_COOKIE) ?? '';
		const { db } = await appDatabase();
		const passkeys = (await passkeysAfterReset(db, ticket)) ?? [];
		if (!parsed.success) return fail(400, { changed: true as const, passkeys, passkeyMessage: 'Choose a passkey to remove.' });
		const result = await removePasskeyAfterReset(db, ticket, parsed.output.id, { ip: getClientAddress() });
		if (result === 'expired') {
			return fail(400, {
				changed: true as const,
				passkeys: [],
				passkeyMessage: 'This page has been open too long to remove passkeys here. Sign in and remove them under Passkeys.'
			});
		}
		const remaining = (await passkeysAfterReset(db, ticket)) ?? [];
		if (result === 'not-found') return fail(404, { changed: true as const, passkeys: remaining, passkeyMessage: 'That passkey was already removed.' });
		return { changed: true as const, passkeys: remaining, passkeyMessage: 'Passkey removed.' };
	}
};

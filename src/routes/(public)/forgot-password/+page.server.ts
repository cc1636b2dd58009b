import type { FieldErrors } from '$lib/domain/validation';
import { fail, redirect } from '@sveltejs/kit';
import { forgotPasswordSchema, officeForgotPasswordSchema } from '$lib/domain/auth-forms';
import { validate } from '$lib/domain/validation';
import { appDatabase } from '$lib/server/app-database';
import { requestCode, waitText } from '$lib/server/auth/codes';
import { transportsFromEnvironment } from '$lib/server/auth/delivery';
import { setTicketCookie } from '$lib/server/auth/ticket-cookie';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const values = {
			email: String(form.get('email') ?? ''),
			emsNumber: String(form.get('emsNumber') ?? ''),
			channel: String(form.get('channel') ?? ''),
			staff: form.get('staff') === 'yes' ? 'yes' : ''
		};
		// Office staff: email alone, code by email; an empty ND EMS # tells requestCode to look for a staff account.
		const staffChecked = values.staff ? validate(officeForgotPasswordSchema, { email: values.email }) : null;
		const checked = staffChecked
			? staffChecked.ok
				? ({ ok: true, value: { email: staffChecked.value.email, emsNumber: '', channel: 'email' as const } } as const)
				: staffChecked
			: validate(forgotPasswordSchema, values);
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: null });

		const { db } = await appDatabase();
		const result = await requestCode(db, checked.value, { transports: transportsFromEnvironment(db), ip: getClientAddress() });
		if (!result.ok) {
			return fail(429, {
				values,
				errors: {} as FieldErrors,
				message: `A code was asked for moments ago. Wait ${waitText(result.retryAfterSeconds)} before asking for another.`
			});
		}
		// Sending happens after the answer, so how long it takes tells no one whether the account exists.
		result.delivery.catch((e) => console.error('[auth] code delivery', e));
		setTicketCookie(cookies, url, result.ticket);
		redirect(303, `/forgot-password/code?by=${checked.value.channel}`);
	}
};

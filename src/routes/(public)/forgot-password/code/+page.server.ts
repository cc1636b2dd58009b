import type { FieldErrors } from '$lib/domain/validation';
import { fail, redirect } from '@sveltejs/kit';
import { codeSchema, resendSchema } from '$lib/domain/auth-forms';
import { validate } from '$lib/domain/validation';
import { appDatabase } from '$lib/server/app-database';
import { checkCode, resendCode, waitText } from '$lib/server/auth/codes';
import { transportsFromEnvironment } from '$lib/server/auth/delivery';
import { TICKET_COOKIE } from '$lib/server/auth/ticket-cookie';
import type { Actions } from './$types';

const START_AGAIN = 'This code request has ended. Start again from Forgot Password.';

export const actions: Actions = {
	verify: async ({ request, cookies, getClientAddress }) => {
		const form = await request.formData();
		const values = { code: String(form.get('code') ?? '') };
		const ticket = cookies.get(TICKET_COOKIE);
		if (!ticket) return fail(400, { values, errors: {} as FieldErrors, message: START_AGAIN, startAgain: true });
		const checked = validate(codeSchema, values);
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: null, startAgain: false });

		const { db } = await appDatabase();
		const result = await checkCode(db, ticket, checked.value.code, { ip: getClientAddress() });
		if (result.ok) redirect(303, '/forgot-password/change-password');
		const message =
			result.reason === 'wrong'
				? `That code is not right. You can try ${result.remaining} more ${result.remaining === 1 ? 'time' : 'times'}.`
				: result.reason === 'voided'
					? 'That code was entered wrong too many times and no longer works. Ask for a new code below.'
					: 'That code has expired or was already used. Ask for a new code below.';
		return fail(400, { values, errors: {} as FieldErrors, message, startAgain: false });
	},

	resend: async ({ request, cookies, getClientAddress }) => {
		const form = await request.formData();
		const ticket = cookies.get(TICKET_COOKIE);
		const checked = validate(resendSchema, { channel: form.get('channel') });
		if (!checked.ok) return fail(400, { values: { code: '' }, errors: checked.errors, message: null, startAgain: false });
		const { db } = await appDatabase();
		const result = ticket
			? await resendCode(db, ticket, checked.value.channel, { transports: transportsFromEnvironment(db), ip: getClientAddress() })
			: null;
		if (!result) return fail(400, { values: { code: '' }, errors: {} as FieldErrors, message: START_AGAIN, startAgain: true });
		if (!result.ok) {
			return fail(429, {
				values: { code: '' },
				errors: {} as FieldErrors,
				message: `A code was sent moments ago. Wait ${waitText(result.retryAfterSeconds)} before asking for another.`,
				startAgain: false
			});
		}
		result.delivery.catch((e) => console.error('[auth] code delivery', e));
		redirect(303, `/forgot-password/code?by=${checked.value.channel}&resent=1`);
	}
};

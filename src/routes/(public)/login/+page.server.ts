import type { FieldErrors } from '$lib/domain/validation';
import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { returnPath, signInSchema } from '$lib/domain/auth-forms';
import { validate } from '$lib/domain/validation';
import { appDatabase } from '$lib/server/app-database';
import { signIn } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/sessions';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const identifier = String(form.get('identifier') ?? '');
		const next = v.parse(returnPath, String(form.get('next') ?? ''));
		const values = { identifier, next };
		const checked = validate(signInSchema, { identifier, password: form.get('password') });
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: null });

		const { db } = await appDatabase();
		const result = await signIn(db, checked.value, { ip: getClientAddress(), userAgent: request.headers.get('user-agent') });
		if (!result.ok && result.reason === 'throttled') {
			return fail(429, {
				values,
				errors: {} as FieldErrors,
				message: `Too many sign-in attempts. Wait ${result.retryAfterSeconds} seconds, then try again.`
			});
		}
		if (!result.ok) {
			return fail(400, {
				values,
				errors: {} as FieldErrors,
				message: 'That EMS ID and password do not match our records. Check both, or use Forgot Password.'
			});
		}
		setSessionCookie(cookies, url, result.token);
		redirect(303, next || (result.role === 'office' ? '/office' : '/dashboard'));
	}
};

import type { FieldErrors } from '$lib/domain/validation';
import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { confirmPasswordSchema, returnPath } from '$lib/domain/auth-forms';
import { validate } from '$lib/domain/validation';
import { appDatabase } from '$lib/server/app-database';
import { homeFor } from '$lib/server/auth/access';
import { confirmWithPassword } from '$lib/server/auth/login';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { db } = await appDatabase();
	const passkeys = await db
		.selectFrom('passkeys')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('accountId', '=', locals.user!.accountId)
		.executeTakeFirst();
	return { hasPasskeys: Number(passkeys?.n ?? 0) > 0, next: v.parse(returnPath, url.searchParams.get('next') ?? '') };
};

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const form = await request.formData();
		const next = v.parse(returnPath, String(form.get('next') ?? ''));
		const checked = validate(confirmPasswordSchema, { password: form.get('password') });
		if (!checked.ok) return fail(400, { errors: checked.errors, message: null });
		const { db } = await appDatabase();
		const result = await confirmWithPassword(
			db,
			{ id: locals.session!.id, accountId: locals.user!.accountId },
			checked.value.password,
			{ ip: getClientAddress() }
		);
		if (!result.ok) {
			const message =
				result.reason === 'throttled'
					? `Too many tries. Wait ${result.retryAfterSeconds} seconds, then try again.`
					: 'That password is not right. Try again.';
			return fail(result.reason === 'throttled' ? 429 : 400, { errors: {} as FieldErrors, message });
		}
		redirect(303, next || homeFor(locals.user!));
	}
};

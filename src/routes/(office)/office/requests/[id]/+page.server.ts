import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { appDatabase } from '$lib/server/app-database';
import { confirmUrl, isRecentlyAuthenticated } from '$lib/server/auth/reauth';
import { decideRequest, type Decision } from '$lib/server/office/decide-request';
import { decisionFormSchema, requestIdSchema } from '$lib/server/office/office-forms';
import { requestDetail } from '$lib/server/office/review-queue';
import { formOf } from '$lib/server/form-data';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const id = v.safeParse(requestIdSchema, params.id);
	if (!id.success) error(404, 'There is no such request.');
	const { db } = await appDatabase();
	const request = await requestDetail(db, id.output);
	if (!request) error(404, 'There is no such request.');
	// Office sign-in asks "Confirm it's you" again before any decision once the last one is 10 minutes old.
	return { request, confirmed: isRecentlyAuthenticated(locals.session), confirmHref: confirmUrl(url.pathname) };
};

async function decide(event: RequestEvent, decision: Decision) {
	const { request, params, locals, getClientAddress, url } = event;
	const form = await formOf(request);
	const note = String(form.get('note') ?? '');
	const checked = v.safeParse(decisionFormSchema, { note });
	if (!checked.success) return fail(400, { note, decision, errors: { note: checked.issues[0].message }, message: null });
	if (!isRecentlyAuthenticated(locals.session)) {
		return fail(401, { note, decision, errors: {}, message: "Confirm it's you before deciding: your last confirmation is more than 10 minutes old.", confirm: confirmUrl(url.pathname) });
	}
	const { db } = await appDatabase();
	const result = await decideRequest(db, {
		requestId: params.id,
		decision,
		note: checked.output.note,
		staff: { accountId: locals.user!.accountId, email: locals.user!.email },
		ip: getClientAddress()
	});
	if (!result.ok) {
		const status = result.field ? 400 : 409;
		return fail(status, { note, decision, errors: result.field ? { note: result.reason } : {}, message: result.field ? null : result.reason });
	}
	return { done: result.status === 'approved' ? 'Approved. The person’s device shows it on its next sync, and they were emailed.' : 'Returned with your reason. The person was emailed.' };
}

export const actions: Actions = {
	approve: (event) => decide(event, 'approve'),
	return: (event) => decide(event, 'return')
};

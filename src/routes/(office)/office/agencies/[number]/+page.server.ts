import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { AGENCY_TYPE_NAMES, AGENCY_TYPES } from '$lib/domain/agency';
import { AGENCY_FACT_FIELDS, agencyFactsSchema, agencyRenewSchema, baseRevisionSchema, squadLeaderSchema } from '$lib/domain/agency-office-forms';
import { appDatabase } from '$lib/server/app-database';
import { confirmUrl, isRecentlyAuthenticated } from '$lib/server/auth/reauth';
import { appSigningKey } from '$lib/server/credentials/signing-key';
import { formOf } from '$lib/server/form-data';
import { agencyRecord, applyAgencyAction, type AgencyAction } from '$lib/server/office/agency-actions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const numberParam = v.pipe(v.string(), v.regex(/^A\d{3,6}$/));

export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (!v.is(numberParam, params.number)) error(404, 'There is no such agency.');
	const { db } = await appDatabase();
	const record = await agencyRecord(db, params.number);
	if (!record) error(404, 'There is no such agency.');
	return {
		record,
		confirmed: isRecentlyAuthenticated(locals.session),
		confirmHref: confirmUrl(url.pathname),
		types: AGENCY_TYPES.map((t) => ({ value: t, label: AGENCY_TYPE_NAMES[t] }))
	};
};

type Form = 'facts' | 'renew' | 'grant' | 'remove';
const firstErrors = (issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]) =>
	Object.fromEntries(Object.entries(v.flatten(issues).nested ?? {}).map(([k, m]) => [k, m?.[0] ?? 'Check this value.']));

/**
 * One office action on this agency: the form is checked with its valibot schema (errors beside the fields, what
 * was typed kept), then "Confirm it's you" (10 minutes), then the action itself, which checks everything again
 * in its transaction.
 */
async function act(event: RequestEvent, form: Form, build: (data: FormData) => { action: AgencyAction } | { errors: Record<string, string> }) {
	const { locals, params, getClientAddress, url, request } = event;
	if (!v.is(numberParam, params.number)) error(404, 'There is no such agency.');
	const data = await formOf(request);
	// Only plain field names go back to the page, so a posted "__proto__" cannot break the answer.
	const values = Object.fromEntries(
		[...data.entries()].filter(([k]) => /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(k)).map(([k, val]) => [k, String(val).slice(0, 2000)])
	);
	const built = build(data);
	if ('errors' in built) return fail(400, { form, values, errors: built.errors, message: null });
	if (!isRecentlyAuthenticated(locals.session)) {
		return fail(401, { form, values, errors: {}, message: "Confirm it's you first: your last confirmation is more than 10 minutes old.", confirm: confirmUrl(url.pathname) });
	}
	const { db } = await appDatabase();
	const result = await applyAgencyAction(db, built.action, {
		staffAccountId: locals.user!.accountId,
		ip: getClientAddress(),
		signing: { key: await appSigningKey(db), origin: url.origin }
	});
	if (!result.ok) {
		const field = result.field;
		return fail(400, { form, values, errors: field ? { [field]: result.reason } : {}, message: field ? null : result.reason });
	}
	return { form, done: result.message, verifyUrl: form === 'renew' ? (result.signed?.verifyUrl ?? null) : null };
}

const text = (data: FormData, name: string) => String(data.get(name) ?? '');

export const actions: Actions = {
	facts: (event) =>
		act(event, 'facts', (data) => {
			const parsed = v.safeParse(agencyFactsSchema, Object.fromEntries(AGENCY_FACT_FIELDS.map((f) => [f, text(data, f)])));
			const base = v.safeParse(baseRevisionSchema, text(data, 'baseRevision'));
			if (!base.success) return { errors: { baseRevision: base.issues[0].message } };
			if (!parsed.success) return { errors: firstErrors(parsed.issues) };
			return { action: { action: 'edit', agencyNumber: event.params.number, baseRevision: base.output, facts: parsed.output } };
		}),
	renew: (event) =>
		act(event, 'renew', (data) => {
			const parsed = v.safeParse(agencyRenewSchema, { expiresOn: text(data, 'expiresOn') });
			if (!parsed.success) return { errors: { expiresOn: parsed.issues[0].message } };
			return { action: { action: 'renew', agencyNumber: event.params.number, expiresOn: parsed.output.expiresOn } };
		}),
	grant: (event) => leader(event, 'grant'),
	remove: (event) => leader(event, 'remove')
};

function leader(event: RequestEvent, which: 'grant' | 'remove') {
	return act(event, which, (data) => {
		const parsed = v.safeParse(squadLeaderSchema, { emsNumber: text(data, 'emsNumber') });
		if (!parsed.success) return { errors: { emsNumber: parsed.issues[0].message } };
		return { action: { action: which, agencyNumber: event.params.number, emsNumber: parsed.output.emsNumber } };
	});
}

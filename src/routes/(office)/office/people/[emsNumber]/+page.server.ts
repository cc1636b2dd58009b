import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { LEVELS } from '$lib/domain/levels';
import { appDatabase } from '$lib/server/app-database';
import { confirmUrl, isRecentlyAuthenticated } from '$lib/server/auth/reauth';
import { appSigningKey } from '$lib/server/credentials/signing-key';
import { formOf } from '$lib/server/form-data';
import { applyLicensingAction, type LicensingAction } from '$lib/server/office/licensing-actions';
import { personRecord } from '$lib/server/office/person-record';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const emsNumberParam = v.pipe(v.string(), v.regex(/^\d{4,8}$/));
const credentialAction = v.object({
	credentialId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
	reason: v.optional(v.pipe(v.string(), v.maxLength(500, 'Keep the reason under 500 characters.')), '')
});
const issueForm = v.object({
	level: v.picklist(LEVELS, 'Choose EMR, EMT, AEMT or Paramedic.'),
	nremtNumber: v.pipe(
		v.string(),
		v.trim(),
		v.toUpperCase(),
		v.check((s) => s === '' || /^[A-Z]?\d{5,10}$/.test(s), 'NREMT number looks like E1234567.')
	)
});

export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (!v.is(emsNumberParam, params.emsNumber)) error(404, 'There is no such person.');
	const { db } = await appDatabase();
	const record = await personRecord(db, params.emsNumber);
	if (!record) error(404, 'There is no such person.');
	return { record, confirmed: isRecentlyAuthenticated(locals.session), confirmHref: confirmUrl(url.pathname), levels: [...LEVELS] };
};

async function act(event: RequestEvent, build: (form: FormData) => { action: LicensingAction } | { errors: Record<string, string> }) {
	const { locals, params, getClientAddress, url, request } = event;
	const form = await formOf(request);
	const values = Object.fromEntries([...form.entries()].map(([k, val]) => [k, String(val)]));
	const built = build(form);
	const credentialId = values.credentialId ?? null;
	if ('errors' in built) return fail(400, { values, credentialId, errors: built.errors, message: null });
	if (!isRecentlyAuthenticated(locals.session)) {
		return fail(401, { values, credentialId, errors: {}, message: "Confirm it's you first: your last confirmation is more than 10 minutes old.", confirm: confirmUrl(url.pathname) });
	}
	const { db } = await appDatabase();
	// A credential id from another person's page is refused like any unknown id.
	if ('credentialId' in built.action) {
		const owner = await db.selectFrom('credentials').select('emsNumber').where('id', '=', built.action.credentialId).executeTakeFirst();
		if (owner?.emsNumber !== params.emsNumber) built.action.credentialId = `not-${params.emsNumber}`;
	}
	const result = await applyLicensingAction(db, built.action, {
		staffAccountId: locals.user!.accountId,
		ip: getClientAddress(),
		signing: { key: await appSigningKey(db), origin: url.origin }
	});
	if (!result.ok) return fail(400, { values, credentialId, errors: result.field ? { [result.field]: result.reason } : {}, message: result.field ? null : result.reason });
	return { done: result.message, verifyUrl: result.signed?.verifyUrl ?? null };
}

const onCredential = (action: 'suspend' | 'revoke' | 'restore' | 'renew') => (event: RequestEvent) =>
	act(event, (form) => {
		const parsed = v.safeParse(credentialAction, { credentialId: String(form.get('credentialId') ?? ''), reason: String(form.get('reason') ?? '') });
		if (!parsed.success) return { errors: { reason: parsed.issues[0].message } };
		const { credentialId, reason } = parsed.output;
		return { action: action === 'renew' ? { action, credentialId } : { action, credentialId, reason } };
	});

export const actions: Actions = {
	suspend: onCredential('suspend'),
	revoke: onCredential('revoke'),
	restore: onCredential('restore'),
	renew: onCredential('renew'),
	issue: (event) =>
		act(event, (form) => {
			const parsed = v.safeParse(issueForm, { level: String(form.get('level') ?? ''), nremtNumber: String(form.get('nremtNumber') ?? '') });
			if (!parsed.success) {
				const flat = v.flatten(parsed.issues).nested ?? {};
				return { errors: Object.fromEntries(Object.entries(flat).map(([k, m]) => [k, m?.[0] ?? ''])) };
			}
			return { action: { action: 'issue', emsNumber: event.params.emsNumber, level: parsed.output.level, nremtNumber: parsed.output.nremtNumber || null } };
		})
};

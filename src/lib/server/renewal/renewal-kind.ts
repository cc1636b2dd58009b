import * as v from 'valibot';
import { fullName } from '../../domain/format';
import { parseFieldRevisions, stampFieldRevisions } from '../../domain/sync-conflicts';
import type { ApplyContext, ChangeRequestRow, PersonName, ReviewKindEntry } from '../office/review-kinds';

/** What prepareRenewalRequest stored (renewal-request.ts). */
const renewalChangesSchema = v.object({
	credentialId: v.pipe(v.string(), v.minLength(1)),
	number: v.string(),
	level: v.string(),
	currentExpiresOn: v.pipe(v.string(), v.isoDate()),
	nremtExpiresOn: v.optional(v.pipe(v.string(), v.isoDate())),
	newExpiresOn: v.pipe(v.string(), v.isoDate()),
	agencyNumber: v.string()
});

/** The office writes as this client id (review-kinds.ts OFFICE_CLIENT_ID; not imported, to keep the two modules acyclic). */
const OFFICE = 'office';

/**
 * Approving a renewal issues the new credential: same number, the new expiration (and NREMT expiration for EMT and
 * up), issued today, active; the old dates go to credential_history. The new revision makes the person's device
 * pull the credential with a freshly signed license (signed-for-device.ts), which the PDF and QR then carry.
 */
async function approveRenewal({ trx, revision, now }: ApplyContext, request: ChangeRequestRow, raw: Record<string, unknown>): Promise<string | null> {
	const parsed = v.safeParse(renewalChangesSchema, raw);
	if (!parsed.success) return 'This renewal cannot be applied: its stored values are incomplete.';
	const r = parsed.output;
	const c = await trx.selectFrom('credentials').selectAll().where('id', '=', r.credentialId).executeTakeFirst();
	if (!c || c.deletedAt || c.emsNumber !== request.emsNumber) return 'This license or certification is no longer in the registry.';
	if (c.status === 'suspended' || c.status === 'revoked') return `${c.number} is ${c.status}: restore it before approving a renewal.`;
	if (c.expiresOn !== r.currentExpiresOn) return `${c.number} already expires ${c.expiresOn}, not ${r.currentExpiresOn}: it was renewed another way.`;
	await trx
		.insertInto('credentialHistory')
		.values({ id: crypto.randomUUID(), credentialId: c.id, issuedOn: c.issuedOn, expiresOn: c.expiresOn, nremtExpiresOn: c.nremtExpiresOn, replacedAt: now, requestId: request.id })
		.execute();
	const set: Record<string, string> = { status: 'active', issuedOn: now.slice(0, 10), expiresOn: r.newExpiresOn };
	if (r.nremtExpiresOn) set.nremtExpiresOn = r.nremtExpiresOn;
	const stamp = stampFieldRevisions(parseFieldRevisions(c.fieldRevisions), Number(c.revision), Object.keys(set), revision, OFFICE);
	await trx
		.updateTable('credentials')
		.set({ ...set, revision, updatedAt: now, statusChangedAt: now, statusReason: null, fieldRevisions: JSON.stringify(stamp) })
		.where('id', '=', c.id)
		.execute();
	return null;
}

export const RENEWAL_REVIEW_KIND: ReviewKindEntry = {
	label: 'Renewals',
	noun: 'Renewal',
	table: 'credentials',
	recordId: (r, changes) => String(changes.credentialId ?? r.id),
	summary: (changes, person: PersonName | null) =>
		`${person ? `${fullName(person)}: ` : ''}${String(changes.number ?? '')} to ${String(changes.newExpiresOn ?? '')}`,
	approve: approveRenewal
};

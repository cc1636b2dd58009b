import * as v from 'valibot';
import { emsNumber, isoDate, optionalIsoDate, recordId } from './fields';
import { LEVELS, requiresNremt } from './levels';

import { CREDENTIAL_STATUSES } from './credential-status';

export { CREDENTIAL_STATUSES, daysUntil, displayStatus, EXPIRING_WITHIN_DAYS } from './credential-status';
export type { CredentialStatus, DisplayStatus } from './credential-status';

/** A state license (EMT and up) or certification (EMR), with the National Registry certification it rests on. */
export const credentialSchema = v.pipe(
	v.object({
		id: recordId,
		emsNumber,
		level: v.picklist(LEVELS, 'Level: choose EMR, EMT, AEMT or Paramedic.'),
		number: v.pipe(
			v.string('License number is required.'),
			v.trim(),
			v.regex(/^[A-Z]{1,4}-\d{4,8}$/, 'License number looks like EMT-012345.')
		),
		status: v.picklist(CREDENTIAL_STATUSES, 'Status is not one the registry knows.'),
		issuedOn: isoDate('Issue date'),
		expiresOn: isoDate('Expiration date'),
		nremtNumber: v.pipe(
			v.nullish(v.string(), null),
			v.transform((s) => (s == null || s.trim() === '' ? null : s.trim().toUpperCase())),
			v.check((s) => s === null || /^[A-Z]?\d{5,10}$/.test(s), 'NREMT number looks like E1234567.')
		),
		nremtExpiresOn: optionalIsoDate('NREMT expiration')
	}),
	v.forward(
		v.check((c) => c.expiresOn > c.issuedOn, 'Expiration date must be after the issue date.'),
		['expiresOn']
	),
	v.forward(
		v.check(
			(c) => !requiresNremt(c.level) || c.status !== 'active' || (c.nremtNumber !== null && c.nremtExpiresOn !== null),
			'An active EMT, AEMT or Paramedic license needs a current NREMT number and expiration.'
		),
		['nremtNumber']
	)
);
export type Credential = v.InferOutput<typeof credentialSchema>;

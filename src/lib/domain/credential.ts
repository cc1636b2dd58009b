import * as v from 'valibot';
import { emsNumber, isoDate, optionalIsoDate, recordId } from './fields';
import { LEVELS, requiresNremt } from './levels';

export const CREDENTIAL_STATUSES = ['active', 'pending', 'expired', 'suspended', 'revoked', 'inactive'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

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

/** Status as a person reads it on the dashboard: an active credential close to expiry says so. */
export type DisplayStatus = CredentialStatus | 'expiring';

export const EXPIRING_WITHIN_DAYS = 90;

export function daysUntil(isoDay: string, today: string): number {
	return Math.round((Date.parse(`${isoDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function displayStatus(c: Pick<Credential, 'status' | 'expiresOn'>, today: string): DisplayStatus {
	if (c.status !== 'active') return c.status;
	const days = daysUntil(c.expiresOn, today);
	if (days < 0) return 'expired';
	if (days <= EXPIRING_WITHIN_DAYS) return 'expiring';
	return 'active';
}

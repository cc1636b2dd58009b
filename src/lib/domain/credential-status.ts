/**
 * Credential statuses and how the dashboard words them. No schema code (credential.ts has the schema), so pages
 * that only show a status do not load valibot.
 */

export const CREDENTIAL_STATUSES = ['active', 'pending', 'expired', 'suspended', 'revoked', 'inactive'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/** Status as a person reads it on the dashboard: an active credential close to expiry says so. */
export type DisplayStatus = CredentialStatus | 'expiring';

export const EXPIRING_WITHIN_DAYS = 90;

export function daysUntil(isoDay: string, today: string): number {
	return Math.round((Date.parse(`${isoDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function displayStatus(c: { status: CredentialStatus; expiresOn: string }, today: string): DisplayStatus {
	if (c.status !== 'active') return c.status;
	const days = daysUntil(c.expiresOn, today);
	if (days < 0) return 'expired';
	if (days <= EXPIRING_WITHIN_DAYS) return 'expiring';
	return 'active';
}

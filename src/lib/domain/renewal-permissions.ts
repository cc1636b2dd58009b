import type { SessionUser } from './session-user';
import type { MutationIntent } from './permissions';

/**
 * A licensee's update of their own credential that names only what a renewal gives (EMT and up: the new NREMT
 * expiration; EMR: the renewed expiration) is a renewal application for the office, not a write
 * (src/lib/server/renewal/renewal-request.ts checks the rest and files it).
 */
export function isRenewalApplication(user: SessionUser, i: MutationIntent): boolean {
	if (i.op !== 'update' || !i.existing || user.emsNumber === null || i.existing.emsNumber !== user.emsNumber) return false;
	const fields = Object.keys(i.changes);
	if (fields.length !== 1) return false;
	return i.existing.level === 'EMR' ? fields[0] === 'expiresOn' : fields[0] === 'nremtExpiresOn';
}

export const RENEWAL_REQUEST = {
	kind: 'request',
	request: 'renewal',
	message: 'Your renewal was submitted to the state EMS office. Your dashboard shows the new expiration once it is approved.'
} as const;

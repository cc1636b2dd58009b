import type { PullResponse, SignedForDevice } from '$lib/domain/sync-protocol';
import type { SessionUser } from '$lib/domain/session-user';
import type { Db } from '../db';
import { signedAgencyLicenseFor, signedLicenseFor } from './signed-license';
import type { SigningKey } from './signing-key';

/**
 * The signed licenses a pulled page makes stale, signed afresh so the device can print (and show a verifiable
 * QR code) with no server: the person's own license when their person or credential rows are on the page, and
 * the agency license of each agency they lead whose row is. A first pull (cursor 0) carries all of them.
 * Undefined when the page touches none, which is nearly every periodic pull.
 */
export async function signedForPage(db: Db, key: SigningKey, user: SessionUser, page: PullResponse, origin: string, now = new Date()): Promise<SignedForDevice | undefined> {
	const self = user.emsNumber;
	const ownRows = self !== null && (page.rows.persons.some((p) => p.emsNumber === self) || page.rows.credentials.some((c) => c.emsNumber === self));
	const agencies = [...new Set(page.rows.agencies.map((a) => String(a.number)).filter((n) => user.leaderOf.includes(n)))];
	if (!ownRows && agencies.length === 0) return undefined;
	const signed: SignedForDevice = {};
	if (ownRows) signed.license = await signedLicenseFor(db, key, self!, origin, now);
	if (agencies.length) {
		const licenses = await Promise.all(agencies.map((n) => signedAgencyLicenseFor(db, key, n, origin, now)));
		signed.agencies = licenses.filter((l) => l !== null);
	}
	return signed;
}

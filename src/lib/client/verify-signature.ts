import { decodeToken, fromBase64Url, type SignedClaims } from '$lib/domain/signed-credential';

/** A JSON Web Key Set of the state's Ed25519 keys, as /verify/keys.json serves it. */
export interface PublicKeySet {
	keys: { kid: string; x: string; crv?: string }[];
}

export type SignatureCheck =
	| { outcome: 'valid'; claims: SignedClaims }
	/** Well-formed but signed by a key this device does not know (yet): cannot say either way. */
	| { outcome: 'unknown-key'; claims: SignedClaims }
	| { outcome: 'invalid'; claims: SignedClaims | null };

/** Checks a credential token in the browser with WebCrypto Ed25519; no network. */
export async function checkSignature(token: string, keySet: PublicKeySet | null): Promise<SignatureCheck> {
	const decoded = decodeToken(token);
	if (!decoded) return { outcome: 'invalid', claims: null };
	const { claims } = decoded;
	// Text tokens name the key in full, compact ones by its first 4 hex digits: every key that fits is tried.
	const candidates = (keySet?.keys ?? []).filter((k) => k.kid.startsWith(claims.keyId) && (k.crv ?? 'Ed25519') === 'Ed25519');
	let tried = 0;
	for (const jwk of candidates) {
		const raw = fromBase64Url(jwk.x);
		if (!raw || raw.length !== 32) continue;
		tried++;
		try {
			const key = await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
			const ok = await crypto.subtle.verify(
				{ name: 'Ed25519' },
				key,
				decoded.signature as Uint8Array<ArrayBuffer>,
				decoded.payload as Uint8Array<ArrayBuffer>
			);
			if (ok) return { outcome: 'valid', claims };
		} catch {
			/* a key this browser cannot use: the next one may do */
		}
	}
	return tried === 0 ? { outcome: 'unknown-key', claims } : { outcome: 'invalid', claims };
}

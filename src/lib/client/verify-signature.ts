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
	const jwk = keySet?.keys.find((k) => k.kid === claims.keyId && (k.crv ?? 'Ed25519') === 'Ed25519');
	const raw = jwk && fromBase64Url(jwk.x);
	if (!raw || raw.length !== 32) return { outcome: 'unknown-key', claims };
	try {
		const key = await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
		const ok = await crypto.subtle.verify(
			{ name: 'Ed25519' },
			key,
			decoded.signature as Uint8Array<ArrayBuffer>,
			decoded.payload as Uint8Array<ArrayBuffer>
		);
		return ok ? { outcome: 'valid', claims } : { outcome: 'invalid', claims };
	} catch {
		return { outcome: 'invalid', claims };
	}
}

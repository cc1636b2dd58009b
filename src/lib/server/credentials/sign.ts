import { createPublicKey, sign, verify } from 'node:crypto';
import { decodeToken, encodeClaims, joinToken, type DecodedToken, type SignedClaims } from '$lib/domain/signed-credential';
import type { SigningKey } from './signing-key';

type Unsigned<T> = T extends SignedClaims ? Omit<T, 'keyId' | 'issuedAt'> : never;

/** Signs the claims with the key (Ed25519 takes no separate digest, hence `null`). */
export function signClaims(key: SigningKey, claims: Unsigned<SignedClaims>, now = new Date()): string {
	const full = { ...claims, keyId: key.keyId, issuedAt: Math.floor(now.getTime() / 1000) } as SignedClaims;
	const payload = encodeClaims(full);
	return joinToken(payload, sign(null, payload, key.privateKey));
}

/** Server-side check, for tests and tools; browsers verify with WebCrypto (src/lib/client/verify-signature.ts). */
export function verifyToken(token: string, publicKeys: Record<string, string>): DecodedToken | null {
	const decoded = decodeToken(token);
	const x = decoded && publicKeys[decoded.claims.keyId];
	if (!decoded || !x) return null;
	const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
	return verify(null, decoded.payload, key, decoded.signature) ? decoded : null;
}

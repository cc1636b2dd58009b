import { createPublicKey, sign, verify } from 'node:crypto';
import {
	decodeToken,
	encodeClaims,
	encodeCompactClaims,
	joinCompactToken,
	joinToken,
	type DecodedToken,
	type SignedClaims
} from '$lib/domain/signed-credential';
import type { SigningKey } from './signing-key';

type Unsigned<T> = T extends SignedClaims ? Omit<T, 'keyId' | 'issuedAt'> : never;

/**
 * Signs the claims with the key (Ed25519 takes no separate digest, hence `null`): in the compact format when
 * they fit it — issue time rounded down to the day and a 4-digit key id, both enough for a printed card — else
 * in the text format.
 */
export function signClaims(key: SigningKey, claims: Unsigned<SignedClaims>, now = new Date()): string {
	const day = Math.floor(now.getTime() / 86_400_000) * 86_400;
	const compact = encodeCompactClaims({ ...claims, keyId: key.keyId.slice(0, 4), issuedAt: day } as SignedClaims);
	if (compact) return joinCompactToken(compact, sign(null, compact, key.privateKey));
	const payload = encodeClaims({ ...claims, keyId: key.keyId, issuedAt: Math.floor(now.getTime() / 1000) } as SignedClaims);
	return joinToken(payload, sign(null, payload, key.privateKey));
}

/** Server-side check, for tests and tools; browsers verify with WebCrypto (src/lib/client/verify-signature.ts). */
export function verifyToken(token: string, publicKeys: Record<string, string>): DecodedToken | null {
	const decoded = decodeToken(token);
	if (!decoded) return null;
	// Compact tokens name the key by a prefix of its id: try each key it could be.
	for (const [kid, x] of Object.entries(publicKeys)) {
		if (!kid.startsWith(decoded.claims.keyId)) continue;
		const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
		if (verify(null, decoded.payload, key, decoded.signature)) return decoded;
	}
	return null;
}

import type { AgencyType } from './agency';
import type { Level } from './levels';

/**
 * What a printed QR code carries: the public facts of a license, signed by the state's server (Ed25519), so
 * anyone can check them in a browser — even offline — with the published public key.
 *
 * The token is `<payload>.<signature>`, both base64url. The payload is a `|`-delimited UTF-8 string rather than
 * JSON because every byte makes the QR code denser, and it must still scan from a laser-printed wallet card.
 * The name goes last so the parser never has to guess where it ends.
 */
export type SignedClaims = LicenseeClaims | AgencyClaims;

interface CommonClaims {
	/** License (or certification) number, e.g. EMT-012345 or AL-0123. */
	number: string;
	expiresOn: string;
	/** When the server signed it, in whole seconds since the Unix epoch. */
	issuedAt: number;
	/** Which of the state's keys signed it: first 8 hex digits of SHA-256 of the raw public key. */
	keyId: string;
	name: string;
}

export interface LicenseeClaims extends CommonClaims {
	kind: 'licensee';
	emsNumber: string;
	level: Level;
}

export interface AgencyClaims extends CommonClaims {
	kind: 'agency';
	agencyNumber: string;
	agencyType: AgencyType;
}

const KIND_CODE = { licensee: 'L', agency: 'A' } as const;
// One letter per level and agency type, and issued-at in base 36: each byte saved makes the QR code coarser.
const LEVEL_CODE: Record<Level, string> = { EMR: 'R', EMT: 'T', AEMT: 'A', Paramedic: 'P' };
const AGENCY_TYPE_CODE: Record<AgencyType, string> = {
	bls_ground: 'B',
	als_ground: 'L',
	als_substation: 'S',
	quick_response_unit: 'Q',
	air_ambulance: 'H'
};
const LEVEL_BY_CODE = invert(LEVEL_CODE);
const AGENCY_TYPE_BY_CODE = invert(AGENCY_TYPE_CODE);
const KEY_ID = /^[0-9a-f]{8}$/;
const DAY = /^(\d{4})(\d{2})(\d{2})$/;

/** The exact bytes the signature covers. */
export function encodeClaims(c: SignedClaims): Uint8Array {
	const expires = c.expiresOn.replaceAll('-', '');
	const parts =
		c.kind === 'licensee'
			? [KIND_CODE.licensee, c.emsNumber, LEVEL_CODE[c.level], c.number, expires, c.issuedAt.toString(36), c.keyId, c.name]
			: [KIND_CODE.agency, c.agencyNumber, AGENCY_TYPE_CODE[c.agencyType], c.number, expires, c.issuedAt.toString(36), c.keyId, c.name];
	return new TextEncoder().encode(parts.join('|'));
}

/** Parses payload bytes; null unless they are exactly what `encodeClaims` would produce. */
export function decodeClaims(bytes: Uint8Array): SignedClaims | null {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
	const parts = text.split('|');
	if (parts.length < 8) return null;
	const [kind, id, category, number, expires, issuedAt, keyId] = parts as [string, string, string, string, string, string, string];
	const name = parts.slice(7).join('|');
	const day = DAY.exec(expires);
	if (!day || !/^[0-9a-z]{1,8}$/.test(issuedAt) || !KEY_ID.test(keyId) || name.trim() === '' || number === '') return null;
	const common = { number, expiresOn: `${day[1]}-${day[2]}-${day[3]}`, issuedAt: parseInt(issuedAt, 36), keyId, name };
	const level = LEVEL_BY_CODE[category];
	const agencyType = AGENCY_TYPE_BY_CODE[category];
	let claims: SignedClaims;
	if (kind === KIND_CODE.licensee && level && /^\d{4,8}$/.test(id)) {
		claims = { kind: 'licensee', emsNumber: id, level, ...common };
	} else if (kind === KIND_CODE.agency && agencyType && id !== '') {
		claims = { kind: 'agency', agencyNumber: id, agencyType, ...common };
	} else {
		return null;
	}
	// One meaning, one spelling: anything that would not re-encode to the same bytes is refused.
	return bytesEqual(encodeClaims(claims), bytes) ? claims : null;
}

export interface DecodedToken {
	claims: SignedClaims;
	payload: Uint8Array;
	signature: Uint8Array;
}

export const ED25519_SIGNATURE_BYTES = 64;

export function joinToken(payload: Uint8Array, signature: Uint8Array): string {
	return `${toBase64Url(payload)}.${toBase64Url(signature)}`;
}

/** Splits and parses a token without checking its signature (that needs the public key). */
export function decodeToken(token: string): DecodedToken | null {
	const dot = token.indexOf('.');
	if (dot < 0 || dot !== token.lastIndexOf('.')) return null;
	const payload = fromBase64Url(token.slice(0, dot));
	const signature = fromBase64Url(token.slice(dot + 1));
	if (!payload || !signature || signature.length !== ED25519_SIGNATURE_BYTES) return null;
	const claims = decodeClaims(payload);
	return claims ? { claims, payload, signature } : null;
}

/**
 * The link a QR code carries. A query parameter (not a fragment) so the page's universal `load` can read it,
 * online or from the offline shell.
 */
export function verifyAddress(origin: string, token: string): string {
	return `${origin.replace(/\/+$/, '')}/verify?c=${token}`;
}

/** Reads the token from a verification link, or from a bare token pasted on its own. */
export function tokenFromAddress(input: string): string | null {
	const trimmed = input.trim();
	const m = /[?&]c=([A-Za-z0-9_.-]+)/.exec(trimmed);
	if (m) return m[1] ?? null;
	return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(trimmed) ? trimmed : null;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ALPHABET_INDEX: Record<string, number> = Object.fromEntries([...ALPHABET].map((ch, i) => [ch, i]));

export function toBase64Url(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const b0 = bytes[i]!;
		const b1 = bytes[i + 1];
		const b2 = bytes[i + 2];
		out += ALPHABET[b0 >> 2];
		out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
		if (b1 !== undefined) out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
		if (b2 !== undefined) out += ALPHABET[b2 & 63];
	}
	return out;
}

/**
 * Strict base64url: no padding, and the unused low bits of the last character must be zero. Without that rule
 * several spellings decode to the same bytes, and a "tampered" QR link could still verify.
 */
export function fromBase64Url(text: string): Uint8Array | null {
	if (text.length % 4 === 1) return null;
	const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
	let bits = 0;
	let acc = 0;
	let o = 0;
	for (const ch of text) {
		const v = ALPHABET_INDEX[ch];
		if (v === undefined) return null;
		acc = ((acc << 6) | v) & 0xffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			bytes[o++] = (acc >> bits) & 0xff;
		}
	}
	if ((acc & ((1 << bits) - 1)) !== 0) return null;
	return bytes;
}

function invert<K extends string>(map: Record<K, string>): Partial<Record<string, K>> {
	return Object.fromEntries(Object.entries(map).map(([k, code]) => [code, k])) as Partial<Record<string, K>>;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

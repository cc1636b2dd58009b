import type { AgencyType } from './agency';
import type { Level } from './levels';

/**
 * What a printed QR code carries: the public facts of a license, signed by the state's server (Ed25519), so
 * anyone can check them in a browser — even offline — with the published public key.
 *
 * Two token formats, both verifiable forever (cards stay in wallets for years):
 *
 * - Compact (format 2, what the server signs now): the claims bit-packed (days instead of dates, digits as
 *   numbers, the name in a 6-bit alphabet), followed by the 64-byte signature, all written as decimal digits.
 *   The link is `HTTPS://HOST/V/<digits>`: upper case and digits only, so the QR code uses its alphanumeric and
 *   numeric modes (5.5 and 3.3 bits per character instead of 8). For the demo licensee that is version 7 at
 *   level M instead of 10–11, i.e. modules ~0.9 mm instead of ~0.65 mm on the card.
 * - Text (format 1, the first printed cards): `<payload>.<signature>` in base64url, the payload `|`-delimited,
 *   behind `/verify?c=`. Still decoded and verified; signed only when claims do not fit the compact format.
 */
export type SignedClaims = LicenseeClaims | AgencyClaims;

interface CommonClaims {
	/** License (or certification) number, e.g. EMT-012345 or AL-0123. */
	number: string;
	expiresOn: string;
	/** When the server signed it, in whole seconds since the Unix epoch (compact tokens: the day, at 00:00 UTC). */
	issuedAt: number;
	/**
	 * Which of the state's keys signed it: the first hex digits of SHA-256 of the raw public key — 8 in text
	 * tokens, 4 in compact ones (a verifier tries every key with that prefix; collisions only cost a try).
	 */
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

/** A compact token: payload and signature as one run of decimal digits (see bytesToDigits). */
export function joinCompactToken(payload: Uint8Array, signature: Uint8Array): string {
	const all = new Uint8Array(payload.length + signature.length);
	all.set(payload);
	all.set(signature, payload.length);
	return bytesToDigits(all);
}

export const isCompactToken = (token: string): boolean => /^\d+$/.test(token);

/** Splits and parses a token of either format without checking its signature (that needs the public key). */
export function decodeToken(token: string): DecodedToken | null {
	if (isCompactToken(token)) {
		const all = digitsToBytes(token);
		if (!all || all.length <= ED25519_SIGNATURE_BYTES) return null;
		const payload = all.slice(0, all.length - ED25519_SIGNATURE_BYTES);
		const claims = decodeCompactClaims(payload);
		return claims ? { claims, payload, signature: all.slice(payload.length) } : null;
	}
	const dot = token.indexOf('.');
	if (dot < 0 || dot !== token.lastIndexOf('.')) return null;
	const payload = fromBase64Url(token.slice(0, dot));
	const signature = fromBase64Url(token.slice(dot + 1));
	if (!payload || !signature || signature.length !== ED25519_SIGNATURE_BYTES) return null;
	const claims = decodeClaims(payload);
	return claims ? { claims, payload, signature } : null;
}

/**
 * The link a QR code carries. Compact tokens: `HTTPS://HOST/V/<digits>` — scheme and host are case-insensitive,
 * and the `/V/` route is spelt in capitals, so the whole link is QR-alphanumeric. Text tokens keep their
 * original `/verify?c=` form (a query parameter, so the page's universal `load` reads it from the offline shell).
 */
export function verifyAddress(origin: string, token: string): string {
	const base = origin.replace(/\/+$/, '');
	return isCompactToken(token) ? `${base.toUpperCase()}/V/${token}` : `${base}/verify?c=${token}`;
}

/** Reads the token from a verification link of either form, or from a bare token pasted on its own. */
export function tokenFromAddress(input: string): string | null {
	const trimmed = input.trim();
	const compact = /\/V\/(\d+)\/?(?:[?#].*)?$/i.exec(trimmed);
	if (compact) return compact[1] ?? null;
	const m = /[?&]c=([A-Za-z0-9_.-]+)/.exec(trimmed);
	if (m) return m[1] ?? null;
	if (/^\d{100,}$/.test(trimmed)) return trimmed;
	return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(trimmed) ? trimmed : null;
}

// Compact format ------------------------------------------------------------------------------------------

const COMPACT_FORMAT = 2;
const KIND_BIT = { licensee: 0, agency: 1 } as const;
const LEVEL_INDEX: Record<Level, number> = { EMR: 0, EMT: 1, AEMT: 2, Paramedic: 3 };
const AGENCY_TYPE_INDEX: Record<AgencyType, number> = { bls_ground: 0, als_ground: 1, als_substation: 2, quick_response_unit: 3, air_ambulance: 4 };
const LEVEL_AT = Object.keys(LEVEL_INDEX) as Level[];
const AGENCY_TYPE_AT = Object.keys(AGENCY_TYPE_INDEX) as AgencyType[];
const DAY_SECONDS = 86_400;
/** Bits that hold any number of n decimal digits (4 ≤ n ≤ 8). */
const DIGIT_BITS: Record<number, number> = { 4: 14, 5: 17, 6: 20, 7: 24, 8: 27 };
/** Name alphabet, 6 bits a character; code 0 ends the name (padding), ESCAPE carries one raw UTF-8 byte. */
const NAME_ALPHABET = ' abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-\'.';
const NAME_ESCAPE = NAME_ALPHABET.length + 1;

class BitWriter {
	bits: number[] = [];
	write(value: number, width: number): void {
		for (let i = width - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
	}
	bytes(): Uint8Array {
		const out = new Uint8Array(Math.ceil(this.bits.length / 8));
		this.bits.forEach((b, i) => (out[i >> 3]! |= b << (7 - (i & 7))));
		return out;
	}
}

class BitReader {
	at = 0;
	constructor(private readonly data: Uint8Array) {}
	get left(): number {
		return this.data.length * 8 - this.at;
	}
	read(width: number): number | null {
		if (width > this.left) return null;
		let v = 0;
		for (let i = 0; i < width; i++, this.at++) v = v * 2 + ((this.data[this.at >> 3]! >> (7 - (this.at & 7))) & 1);
		return v;
	}
}

const dayNumber = (iso: string): number | null => {
	const t = Date.parse(`${iso}T00:00:00Z`);
	return /^\d{4}-\d{2}-\d{2}$/.test(iso) && Number.isFinite(t) ? t / (DAY_SECONDS * 1000) : null;
};
const isoDay = (days: number): string => new Date(days * DAY_SECONDS * 1000).toISOString().slice(0, 10);

function writeDigits(w: BitWriter, digits: string): void {
	w.write(digits.length - 4, 3);
	w.write(Number(digits), DIGIT_BITS[digits.length]!);
}
function readDigits(r: BitReader): string | null {
	const n = r.read(3);
	if (n === null || n > 4) return null;
	const v = r.read(DIGIT_BITS[n + 4]!);
	if (v === null || v >= 10 ** (n + 4)) return null;
	return String(v).padStart(n + 4, '0');
}

/**
 * The compact payload, or null when the claims do not fit it (then the text format is used). Fits: expiry and
 * issue day within 1970–2149, key id of 4 hex digits, issue time a whole UTC day, ND EMS # of 4–8 digits,
 * agency number A + 4 digits, numbers like EMT-012345.
 */
export function encodeCompactClaims(c: SignedClaims): Uint8Array | null {
	const expires = dayNumber(c.expiresOn);
	const number = /^([A-Z]{1,4})-(\d{4,8})$/.exec(c.number);
	const id = c.kind === 'licensee' ? /^\d{4,8}$/.exec(c.emsNumber) : /^A(\d{4})$/.exec(c.agencyNumber);
	if (expires === null || expires < 0 || expires >= 2 ** 16 || !number || !id || !/^[0-9a-f]{4}$/.test(c.keyId)) return null;
	if (c.issuedAt % DAY_SECONDS !== 0 || c.issuedAt < 0 || c.issuedAt / DAY_SECONDS >= 2 ** 16 || c.name.trim() === '') return null;
	const w = new BitWriter();
	w.write(COMPACT_FORMAT, 3);
	w.write(KIND_BIT[c.kind], 1);
	w.write(c.kind === 'licensee' ? LEVEL_INDEX[c.level] : AGENCY_TYPE_INDEX[c.agencyType], 3);
	w.write(expires, 16);
	w.write(c.issuedAt / DAY_SECONDS, 16);
	w.write(parseInt(c.keyId, 16), 16);
	if (c.kind === 'licensee') writeDigits(w, id[0]);
	else w.write(Number(id[1]), 14);
	const prefix = number[1]!;
	w.write(prefix.length - 1, 2);
	for (const ch of prefix) w.write(ch.charCodeAt(0) - 65, 5);
	writeDigits(w, number[2]!);
	for (const ch of c.name) {
		const code = NAME_ALPHABET.indexOf(ch);
		if (code >= 0) w.write(code + 1, 6);
		else for (const byte of new TextEncoder().encode(ch)) (w.write(NAME_ESCAPE, 6), w.write(byte, 8));
	}
	return w.bytes();
}

/** Parses a compact payload; null unless it is exactly what `encodeCompactClaims` would produce. */
export function decodeCompactClaims(bytes: Uint8Array): SignedClaims | null {
	const r = new BitReader(bytes);
	if (r.read(3) !== COMPACT_FORMAT) return null;
	const kind = r.read(1);
	const category = r.read(3);
	const expires = r.read(16);
	const issued = r.read(16);
	const key = r.read(16);
	if (kind === null || category === null || expires === null || issued === null || key === null) return null;
	let id: string | null;
	if (kind === KIND_BIT.licensee) id = readDigits(r);
	else {
		const n = r.read(14);
		id = n === null || n > 9999 ? null : `A${String(n).padStart(4, '0')}`;
	}
	const prefixLength = r.read(2);
	if (id === null || prefixLength === null) return null;
	let prefix = '';
	for (let i = 0; i <= prefixLength; i++) {
		const letter = r.read(5);
		if (letter === null || letter > 25) return null;
		prefix += String.fromCharCode(65 + letter);
	}
	const digits = readDigits(r);
	if (digits === null) return null;
	const nameBytes: number[] = [];
	while (r.left >= 6) {
		const code = r.read(6)!;
		if (code === 0) break;
		if (code === NAME_ESCAPE) {
			const byte = r.read(8);
			if (byte === null) return null;
			nameBytes.push(byte);
		} else if (code <= NAME_ALPHABET.length) {
			nameBytes.push(...new TextEncoder().encode(NAME_ALPHABET[code - 1]!));
		} else return null;
	}
	let name: string;
	try {
		name = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(nameBytes));
	} catch {
		return null;
	}
	const common = {
		number: `${prefix}-${digits}`,
		expiresOn: isoDay(expires),
		issuedAt: issued * DAY_SECONDS,
		keyId: key.toString(16).padStart(4, '0'),
		name
	};
	let claims: SignedClaims;
	if (kind === KIND_BIT.licensee && LEVEL_AT[category]) claims = { kind: 'licensee', emsNumber: id, level: LEVEL_AT[category], ...common };
	else if (kind === KIND_BIT.agency && AGENCY_TYPE_AT[category]) claims = { kind: 'agency', agencyNumber: id, agencyType: AGENCY_TYPE_AT[category], ...common };
	else return null;
	// One meaning, one spelling: padding, escapes of plain letters, anything that re-encodes differently is refused.
	const again = encodeCompactClaims(claims);
	return again && bytesEqual(again, bytes) ? claims : null;
}

/*
 * Bytes as decimal digits, for the QR code's numeric mode (10 bits per 3 digits: 8.03 bits a byte, against
 * 10.7 for base64url in byte mode). Each 7 bytes become 17 digits; a last group of r bytes takes the fewest
 * digits that hold it. Every digit string has at most one reading: lengths that no byte count produces, and
 * groups too large for their bytes, are refused.
 */
const GROUP_DIGITS = [0, 3, 5, 8, 10, 13, 15, 17];

export function bytesToDigits(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 7) {
		const group = bytes.subarray(i, i + 7);
		let v = 0n;
		for (const b of group) v = (v << 8n) | BigInt(b);
		out += v.toString().padStart(GROUP_DIGITS[group.length]!, '0');
	}
	return out;
}

export function digitsToBytes(digits: string): Uint8Array | null {
	if (!/^\d*$/.test(digits)) return null;
	const rest = GROUP_DIGITS.indexOf(digits.length % 17);
	if (rest < 0 || rest === 7) return null;
	const full = Math.floor(digits.length / 17);
	const out = new Uint8Array(full * 7 + rest);
	for (let g = 0, o = 0, d = 0; d < digits.length; g++) {
		const size = g < full ? 7 : rest;
		const width = GROUP_DIGITS[size]!;
		let v = BigInt(digits.slice(d, d + width));
		d += width;
		if (v >= 1n << BigInt(8 * size)) return null;
		for (let i = size - 1; i >= 0; i--, v >>= 8n) out[o + i] = Number(v & 0xffn);
		o += size;
	}
	return out;
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

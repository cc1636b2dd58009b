import fc from 'fast-check';
import QRCode from 'qrcode';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AGENCY_TYPES } from '../../src/lib/domain/agency';
import { LEVELS } from '../../src/lib/domain/levels';
import {
	bytesToDigits,
	decodeClaims,
	decodeCompactClaims,
	decodeToken,
	digitsToBytes,
	encodeClaims,
	encodeCompactClaims,
	fromBase64Url,
	joinCompactToken,
	joinToken,
	toBase64Url,
	tokenFromAddress,
	verifyAddress,
	type SignedClaims
} from '../../src/lib/domain/signed-credential';
import { checkSignature, type PublicKeySet } from '../../src/lib/client/verify-signature';

const day = fc
	.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
	.map((d) => d.toISOString().slice(0, 10));
const name = fc
	.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzÁÉÍÓÚáéíóúñøØ łŁ\'.-ĐđẞNguyễn김'), { minLength: 1, maxLength: 60 })
	.map((cs) => `X${cs.join('')}`);
const common = {
	number: fc.stringMatching(/^[A-Z]{1,4}-\d{4,8}$/),
	expiresOn: day,
	issuedAt: fc.integer({ min: 0, max: 4_000_000_000 }),
	keyId: fc.stringMatching(/^[0-9a-f]{8}$/),
	name
};
const claims: fc.Arbitrary<SignedClaims> = fc.oneof(
	fc.record({ kind: fc.constant('licensee' as const), emsNumber: fc.stringMatching(/^\d{4,8}$/), level: fc.constantFrom(...LEVELS), ...common }),
	fc.record({ kind: fc.constant('agency' as const), agencyNumber: fc.stringMatching(/^A\d{4}$/), agencyType: fc.constantFrom(...AGENCY_TYPES), ...common })
);

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyId = 'a1b2c3d4';
const keySet: PublicKeySet = { keys: [{ kid: keyId, x: publicKey.export({ format: 'jwk' }).x! }] };
const signToken = (c: SignedClaims) => {
	const payload = encodeClaims(c);
	return joinToken(payload, sign(null, payload, privateKey));
};
const sample: SignedClaims = {
	kind: 'licensee',
	emsNumber: '100002',
	level: 'Paramedic',
	number: 'P-012345',
	expiresOn: '2027-03-31',
	issuedAt: 1_767_225_600,
	keyId,
	name: 'Jordan Avery Smith-Lindqvist'
};

describe('signed credential encoding', () => {
	it('decodes what it encodes, for any claims', () => {
		fc.assert(
			fc.property(claims, (c) => {
				expect(decodeClaims(encodeClaims(c))).toEqual(c);
			})
		);
	});

	it('round-trips base64url and refuses non-canonical spellings', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
				const text = toBase64Url(bytes);
				expect(text).toBe(Buffer.from(bytes).toString('base64url'));
				expect(fromBase64Url(text)).toEqual(bytes);
			})
		);
		// 'AB' and 'AA' both carry the byte 0 in Node's lenient decoder; only 'AA' is canonical.
		expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
		expect(fromBase64Url('AB')).toBeNull();
		expect(fromBase64Url('A')).toBeNull();
		expect(fromBase64Url('AA==')).toBeNull();
	});

	it('keeps text-format links readable (cards printed before the compact format)', () => {
		const address = verifyAddress('https://registry.ems.nd.gov', signToken(sample));
		expect(address).toMatch(/^https:\/\/registry\.ems\.nd\.gov\/verify\?c=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		expect(QRCode.create(address, { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(11);
		expect(tokenFromAddress(address)).toBe(signToken(sample));
	});

	it('refuses payloads that are not exactly canonical', () => {
		const enc = (s: string) => new TextEncoder().encode(s);
		expect(decodeClaims(enc('L|100002|P|P-012345|20270331|t85s00|a1b2c3d4|Jordan Smith'))).not.toBeNull();
		expect(decodeClaims(enc('L|100002|P|P-012345|20270331|0t85s00|a1b2c3d4|Jordan Smith'))).toBeNull();
		expect(decodeClaims(enc('L|100002|Paramedic|P-012345|20270331|t85s00|a1b2c3d4|Jordan Smith'))).toBeNull();
		expect(decodeClaims(enc('L|100002|P|P-012345|2027-03-31|t85s00|a1b2c3d4|Jordan Smith'))).toBeNull();
		expect(decodeClaims(enc('L|100002|P|P-012345|20270331|t85s00|A1B2C3D4|Jordan Smith'))).toBeNull();
		expect(decodeClaims(new Uint8Array([0x4c, 0x7c, 0xff]))).toBeNull();
	});
});

const compactCommon = {
	number: fc.stringMatching(/^[A-Z]{1,4}-\d{4,8}$/),
	expiresOn: day,
	issuedAt: fc.integer({ min: 0, max: 65_535 }).map((d) => d * 86_400),
	keyId: fc.stringMatching(/^[0-9a-f]{4}$/),
	name
};
const compactClaims: fc.Arbitrary<SignedClaims> = fc.oneof(
	fc.record({ kind: fc.constant('licensee' as const), emsNumber: fc.stringMatching(/^\d{4,8}$/), level: fc.constantFrom(...LEVELS), ...compactCommon }),
	fc.record({ kind: fc.constant('agency' as const), agencyNumber: fc.stringMatching(/^A\d{4}$/), agencyType: fc.constantFrom(...AGENCY_TYPES), ...compactCommon })
);
// The demo licensee (100002), as the server signs her today.
const demo: SignedClaims = {
	kind: 'licensee',
	emsNumber: '100002',
	level: 'Paramedic',
	number: 'P-004321',
	expiresOn: '2027-03-31',
	issuedAt: 20_528 * 86_400,
	keyId: 'a1b2',
	name: 'Kristin Aasen'
};
const signCompact = (c: SignedClaims) => {
	const payload = encodeCompactClaims(c)!;
	return joinCompactToken(payload, sign(null, payload, privateKey));
};
const qrVersion = (text: string) => QRCode.create(text, { errorCorrectionLevel: 'M' }).version;

describe('compact signed credential', () => {
	it('decodes what it encodes, for any claims that fit', () => {
		fc.assert(
			fc.property(compactClaims, (c) => {
				const bytes = encodeCompactClaims(c);
				expect(bytes).not.toBeNull();
				expect(decodeCompactClaims(bytes!)).toEqual(c);
			})
		);
	});

	it('round-trips bytes through decimal digits, and gives every digit string at most one reading', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
				expect(digitsToBytes(bytesToDigits(bytes))).toEqual(bytes);
			})
		);
		fc.assert(
			fc.property(fc.stringMatching(/^\d{0,60}$/), (digits) => {
				const bytes = digitsToBytes(digits);
				if (bytes) expect(bytesToDigits(bytes)).toBe(digits);
			})
		);
		expect(digitsToBytes('256')).toBeNull(); // one byte holds at most 255
		expect(digitsToBytes('1234')).toBeNull(); // no byte count makes 4 digits
	});

	it('refuses claims the compact format cannot hold, so the server falls back to the text format', () => {
		expect(encodeCompactClaims({ ...demo, issuedAt: demo.issuedAt + 1 })).toBeNull();
		expect(encodeCompactClaims({ ...demo, keyId: 'a1b2c3d4' })).toBeNull();
		expect(encodeCompactClaims({ ...demo, number: 'PARAMEDIC-1' })).toBeNull();
		expect(encodeCompactClaims({ ...demo, expiresOn: '2200-01-01' })).toBeNull();
	});

	it('refuses payloads that are not exactly canonical', () => {
		const bytes = encodeCompactClaims(demo)!;
		expect(decodeCompactClaims(new Uint8Array([...bytes, 0]))).toBeNull();
		const escaped = encodeCompactClaims({ ...demo, name: 'Kristin Aasén' })!;
		expect(decodeCompactClaims(escaped)?.name).toBe('Kristin Aasén');
		const wrongFormat = Uint8Array.from(bytes, (b, i) => (i === 0 ? (b & 0x1f) | (3 << 5) : b));
		expect(decodeCompactClaims(wrongFormat)).toBeNull();
	});

	it('makes the demo licensee’s link QR version 7 at level M (text format: 10–11)', () => {
		const compact = verifyAddress('https://registry.ems.nd.gov', signCompact(demo));
		expect(compact).toMatch(/^HTTPS:\/\/REGISTRY\.EMS\.ND\.GOV\/V\/\d+$/);
		const text = verifyAddress('https://registry.ems.nd.gov', signToken({ ...demo, keyId: 'a1b2c3d4' }));
		const local = verifyAddress('http://localhost:4783', signCompact(demo));
		console.log(`QR version at M: text ${qrVersion(text)}, compact ${qrVersion(compact)}, compact on localhost ${qrVersion(local)}`);
		expect(qrVersion(text)).toBeGreaterThanOrEqual(10);
		expect(qrVersion(compact)).toBeLessThanOrEqual(7);
		expect(qrVersion(local)).toBeLessThanOrEqual(7);
		expect(tokenFromAddress(compact)).toBe(signCompact(demo));
		// What a phone opens: the host lower-cased by the browser, the path kept.
		expect(tokenFromAddress(new URL(compact).href)).toBe(signCompact(demo));
	});
});

describe('browser signature check (WebCrypto Ed25519)', () => {
	it('accepts a compact token and refuses it altered in any digit', async () => {
		const token = signCompact(demo);
		expect(await checkSignature(token, keySet)).toEqual({ outcome: 'valid', claims: demo });
		for (let at = 0; at < token.length; at++) {
			const altered = token.slice(0, at) + String((Number(token[at]) + 1) % 10) + token.slice(at + 1);
			expect((await checkSignature(altered, keySet)).outcome, `position ${at}`).not.toBe('valid');
		}
	});

	it('accepts a token the key signed', async () => {
		const check = await checkSignature(signToken(sample), keySet);
		expect(check).toEqual({ outcome: 'valid', claims: sample });
	});

	it('rejects a token altered in any single character', async () => {
		const token = signToken(sample);
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
		await fc.assert(
			fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (at, ch) => {
				fc.pre(token[at] !== ch);
				const altered = token.slice(0, at) + ch + token.slice(at + 1);
				expect((await checkSignature(altered, keySet)).outcome).not.toBe('valid');
			}),
			{ numRuns: 300 }
		);
		// Every position, including the last character of the signature whose low bits are padding.
		for (let at = 0; at < token.length; at++) {
			const ch = token[at] === 'A' ? 'B' : token[at] === 'B' ? 'C' : token[at] === '.' ? 'x' : 'A';
			const altered = token.slice(0, at) + ch + token.slice(at + 1);
			expect((await checkSignature(altered, keySet)).outcome, `position ${at}`).not.toBe('valid');
		}
	});

	it('rejects claims signed by another key under this key id, and says when the key is unknown', async () => {
		const other = generateKeyPairSync('ed25519').privateKey;
		const payload = encodeClaims(sample);
		const forged = joinToken(payload, sign(null, payload, other));
		expect((await checkSignature(forged, keySet)).outcome).toBe('invalid');
		expect((await checkSignature(signToken(sample), { keys: [] })).outcome).toBe('unknown-key');
		expect((await checkSignature('not-a-token', keySet)).outcome).toBe('invalid');
		expect(decodeToken('a.b.c')).toBeNull();
	});
});

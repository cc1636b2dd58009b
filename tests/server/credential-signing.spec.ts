import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { generateKeyPairSync, sign } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken, encodeClaims, joinToken } from '../../src/lib/domain/signed-credential';
import { signClaims, verifyToken } from '../../src/lib/server/credentials/sign';
import { signedAgencyLicenseFor, signedLicenseFor } from '../../src/lib/server/credentials/signed-license';
import { KEY_FILE_NAME, loadSigningKey, publicKeySet, publishPublicKey } from '../../src/lib/server/credentials/signing-key';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { insertAgency, insertLicensee } from '../support/print-fixtures';

let t: TestDatabase;
let dataDir: string;

beforeAll(async () => {
	t = await createTestDatabase();
	dataDir = mkdtempSync(join(tmpdir(), 'ems-key-'));
	await insertLicensee(t.db, { emsNumber: '100002', firstName: 'Jordan', middleName: 'Avery', lastName: 'Smith', level: 'Paramedic', number: 'P-012345' });
	await insertAgency(t.db);
});
afterAll(async () => {
	await t.dispose();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('credential signing key', () => {
	it('is generated once, kept owner-only in DATA_DIR, and reused', () => {
		const first = loadSigningKey({ dataDir });
		const file = join(dataDir, KEY_FILE_NAME);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const pem = readFileSync(file, 'utf8');
		const second = loadSigningKey({ dataDir });
		expect(second.keyId).toBe(first.keyId);
		expect(second.publicKey).toBe(first.publicKey);
		expect(readFileSync(file, 'utf8')).toBe(pem);
		expect(first.keyId).toMatch(/^[0-9a-f]{8}$/);
	});

	it('can be given by configuration, as PEM or base64 PKCS#8', () => {
		const { privateKey } = generateKeyPairSync('ed25519');
		const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
		const der = (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64');
		const a = loadSigningKey({ configured: pem, dataDir });
		const b = loadSigningKey({ configured: der, dataDir });
		expect(a.keyId).toBe(b.keyId);
		expect(a.keyId).not.toBe(loadSigningKey({ dataDir }).keyId);
		const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
		expect(() => loadSigningKey({ configured: rsa })).toThrow(/Ed25519/);
	});

	it('publishes each public key once, and keeps retired keys', async () => {
		const key = loadSigningKey({ dataDir });
		const { privateKey } = generateKeyPairSync('ed25519');
		const old = loadSigningKey({ configured: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string });
		await publishPublicKey(t.db, old);
		await publishPublicKey(t.db, key);
		await publishPublicKey(t.db, key);
		const set = await publicKeySet(t.db);
		expect(set.keys.map((k) => k.kid).sort()).toEqual([old.keyId, key.keyId].sort());
		expect(set.keys.find((k) => k.kid === key.keyId)).toEqual({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: key.keyId, x: key.publicKey });
	});
});

describe('signed license for printing', () => {
	it('signs the licensee’s current credential with a verify link', async () => {
		const key = loadSigningKey({ dataDir });
		const license = await signedLicenseFor(t.db, key, '100002', 'https://registry.example', new Date('2026-02-01T12:00:00Z'));
		expect(license).toMatchObject({
			name: 'Jordan Avery Smith',
			emsNumber: '100002',
			level: 'Paramedic',
			credentialNumber: 'P-012345',
			status: 'active',
			expiresOn: '2027-03-31'
		});
		// Compact format: digits only, behind the upper-case /V/ route (QR alphanumeric and numeric modes).
		expect(license!.token).toMatch(/^\d+$/);
		expect(license!.verifyUrl).toBe(`HTTPS://REGISTRY.EXAMPLE/V/${license!.token}`);
		const verified = verifyToken(license!.token, { [key.keyId]: key.publicKey });
		expect(verified?.claims).toEqual({
			kind: 'licensee',
			emsNumber: '100002',
			level: 'Paramedic',
			number: 'P-012345',
			expiresOn: '2027-03-31',
			// The day it was signed, and the key named by the first 4 hex digits of its id.
			issuedAt: Date.parse('2026-02-01T00:00:00Z') / 1000,
			keyId: key.keyId.slice(0, 4),
			name: 'Jordan Avery Smith'
		});
		expect(await signedLicenseFor(t.db, key, '999999', 'https://registry.example')).toBeNull();
	});

	it('signs an agency license', async () => {
		const key = loadSigningKey({ dataDir });
		const agency = await signedAgencyLicenseFor(t.db, key, 'A0101', 'https://registry.example');
		expect(agency).toMatchObject({ name: 'Prairie Rose Ambulance Service', licenseNumber: 'AL-0101', addressLines: ['12 Main St', 'Mandan, ND 58554'] });
		expect(decodeToken(agency!.token)?.claims).toMatchObject({ kind: 'agency', agencyNumber: 'A0101', agencyType: 'bls_ground', number: 'AL-0101' });
		expect(verifyToken(agency!.token, { [key.keyId]: key.publicKey })).not.toBeNull();
	});

	it('still verifies text-format tokens, and tries every key that shares a compact key-id prefix', async () => {
		const key = loadSigningKey({ dataDir });
		const other = loadSigningKey({ configured: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string });
		const payload = encodeClaims({ kind: 'licensee', emsNumber: '100002', level: 'Paramedic', number: 'P-012345', expiresOn: '2027-03-31', issuedAt: 1_767_225_600, keyId: key.keyId, name: 'Jordan Avery Smith' });
		const text = joinToken(payload, sign(null, payload, key.privateKey));
		expect(verifyToken(text, { [key.keyId]: key.publicKey })?.claims.name).toBe('Jordan Avery Smith');
		// Claims that do not fit the compact format (an agency number not like A0123) fall back to the text format, which still verifies.
		const odd = signClaims(key, { kind: 'agency', agencyNumber: 'AGENCY-9', agencyType: 'bls_ground', number: 'AL-0101', expiresOn: '2027-06-30', name: 'X' });
		expect(odd).toContain('.');
		expect(verifyToken(odd, { [key.keyId]: key.publicKey })).not.toBeNull();
		const compact = signClaims(key, { kind: 'agency', agencyNumber: 'A0101', agencyType: 'bls_ground', number: 'AL-0101', expiresOn: '2027-06-30', name: 'Prairie Rose' });
		const collide = `${key.keyId.slice(0, 4)}ffff`;
		expect(verifyToken(compact, { [collide]: other.publicKey, [key.keyId]: key.publicKey })).not.toBeNull();
		expect(verifyToken(compact, { [collide]: other.publicKey })).toBeNull();
	});
});

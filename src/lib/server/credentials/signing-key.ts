import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../db';

/** The state's credential-signing key: Ed25519, so signatures are 64 bytes and QR codes stay small. */
export interface SigningKey {
	keyId: string;
	privateKey: KeyObject;
	/** The 32-byte raw public key, base64url (the JWK `x`). */
	publicKey: string;
}

export interface SigningKeyOptions {
	/** PEM, or base64 of PKCS#8 DER. Takes precedence over the key file. */
	configured?: string;
	dataDir?: string;
}

export const KEY_FILE_NAME = 'credential-signing-key.pem';

export function keyIdOf(rawPublicKey: Uint8Array): string {
	return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 8);
}

function fromPrivateKey(privateKey: KeyObject): SigningKey {
	if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The credential signing key must be an Ed25519 key.');
	const x = createPublicKey(privateKey).export({ format: 'jwk' }).x;
	if (!x) throw new Error('Could not derive the public key of the credential signing key.');
	return { keyId: keyIdOf(Buffer.from(x, 'base64url')), privateKey, publicKey: x };
}

function parseConfigured(text: string): KeyObject {
	const trimmed = text.trim();
	if (trimmed.startsWith('-----BEGIN')) return createPrivateKey(trimmed);
	return createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
}

/**
 * The configured key, else the one in DATA_DIR, else a new one written there (owner-only). Writing with `wx`
 * means two processes starting together on one machine agree on a single key: the loser reads the winner's file.
 */
export function loadSigningKey(options: SigningKeyOptions = {}): SigningKey {
	if (options.configured?.trim()) return fromPrivateKey(parseConfigured(options.configured));
	const dir = resolve(options.dataDir ?? 'data');
	const file = join(dir, KEY_FILE_NAME);
	mkdirSync(dir, { recursive: true });
	try {
		return fromPrivateKey(createPrivateKey(readFileSync(file, 'utf8')));
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
	const { privateKey } = generateKeyPairSync('ed25519');
	const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
	try {
		writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		return fromPrivateKey(createPrivateKey(readFileSync(file, 'utf8')));
	}
	return fromPrivateKey(privateKey);
}

let processKey: Promise<SigningKey> | undefined;

/** This process's key (from CREDENTIAL_SIGNING_KEY or DATA_DIR), published in the database before first use. */
export function appSigningKey(db: Db): Promise<SigningKey> {
	processKey ??= (async () => {
		const key = loadSigningKey({ configured: process.env.CREDENTIAL_SIGNING_KEY, dataDir: process.env.DATA_DIR ?? 'data' });
		await publishPublicKey(db, key);
		return key;
	})().catch((e: unknown) => {
		processKey = undefined;
		throw e;
	});
	return processKey;
}

/**
 * Public keys live in the database so that every server sharing it publishes every key — including keys of
 * servers with their own data directory, and retired keys whose printed cards are still in wallets.
 */
export async function publishPublicKey(db: Db, key: SigningKey, now = new Date()): Promise<void> {
	await db
		.insertInto('signingKeys')
		.values({ keyId: key.keyId, publicKey: key.publicKey, createdAt: now.toISOString() })
		.onConflict((oc) => oc.column('keyId').doNothing())
		.execute();
}

export interface PublicKeySet {
	keys: { kty: 'OKP'; crv: 'Ed25519'; alg: 'EdDSA'; use: 'sig'; kid: string; x: string }[];
}

/** The published keys as a JSON Web Key Set. */
export async function publicKeySet(db: Db): Promise<PublicKeySet> {
	const rows = await db.selectFrom('signingKeys').select(['keyId', 'publicKey']).orderBy('createdAt').execute();
	return { keys: rows.map((r) => ({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: r.keyId, x: r.publicKey })) };
}

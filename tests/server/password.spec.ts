import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../src/lib/server/auth/password';

describe('password hashing', () => {
	it('hashes with argon2id at the OWASP parameters', async () => {
		const hash = await hashPassword('correct horse battery staple');
		expect(hash).toMatch(/^\$argon2id\$v=19\$/);
		const params = Object.fromEntries(hash.split('$')[3]!.split(',').map((kv) => kv.split('=')));
		expect(params).toEqual({ m: '19456', t: '2', p: '1' });
		expect(needsRehash(hash)).toBe(false);
	});

	it('verifies the right password and rejects a wrong one', async () => {
		const hash = await hashPassword('Demo-Paramedic-2026!');
		expect(await verifyPassword(hash, 'Demo-Paramedic-2026!')).toBe(true);
		expect(await verifyPassword(hash, 'demo-paramedic-2026!')).toBe(false);
		expect(await verifyPassword(hash, '')).toBe(false);
	});

	it('salts each hash', async () => {
		const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
		expect(a).not.toBe(b);
	});

	it('treats a value that is not an argon2 hash as a failed login', async () => {
		expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
		expect(needsRehash('not-a-hash')).toBe(true);
	});

	it('asks for a re-hash of weaker hashes', async () => {
		const argon2 = (await import('argon2')).default;
		const weak = await argon2.hash('pw', { type: argon2.argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 });
		expect(needsRehash(weak)).toBe(true);
		expect(await verifyPassword(weak, 'pw')).toBe(true);
	});
});

import argon2 from 'argon2';
import { limitConcurrency } from '../concurrency-limit';
import { hashConcurrency } from './hash-queue';

/** OWASP Password Storage Cheat Sheet's argon2id minimum: 19 MiB, two passes, one lane. */
const OPTIONS = {
	type: argon2.argon2id,
	memoryCost: 19_456,
	timeCost: 2,
	parallelism: 1
} as const;

/** Hashes and verifies wait their turn, so a process holds at most this many times 19 MiB for argon2 (decision 047). */
const inTurn = limitConcurrency(hashConcurrency());

export function hashPassword(plain: string): Promise<string> {
	return inTurn(() => argon2.hash(plain, OPTIONS));
}

/**
 * A stored value that is not an argon2 hash (corrupt, or from some future scheme) fails the login rather than
 * the request: the person can still reset their password.
 */
export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
	try {
		return await inTurn(() => argon2.verify(hash, plain));
	} catch {
		return false;
	}
}

/** True when a hash was made with weaker settings than today's; re-hash it after a successful login. */
export function needsRehash(hash: string): boolean {
	try {
		return argon2.needsRehash(hash, OPTIONS);
	} catch {
		return true;
	}
}

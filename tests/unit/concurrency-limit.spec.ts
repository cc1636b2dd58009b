import { describe, expect, it } from 'vitest';
import { hashConcurrency } from '../../src/lib/server/auth/hash-queue';
import { limitConcurrency } from '../../src/lib/server/concurrency-limit';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('limitConcurrency (argon2 in turn, decision 047)', () => {
	it('runs at most the limit at once, the rest in arrival order', async () => {
		const inTurn = limitConcurrency(2);
		let running = 0;
		let most = 0;
		const order: number[] = [];
		const results = await Promise.all(
			Array.from({ length: 7 }, (_, i) =>
				inTurn(async () => {
					order.push(i);
					most = Math.max(most, ++running);
					await tick();
					running--;
					return i * 10;
				})
			)
		);
		expect(most).toBe(2);
		expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
	});

	it('gives the slot back when a task fails, and passes the failure on', async () => {
		const inTurn = limitConcurrency(1);
		const failing = inTurn(async () => {
			await tick();
			throw new Error('argon2 refused');
		});
		const next = inTurn(async () => 'ran');
		await expect(failing).rejects.toThrow('argon2 refused');
		await expect(next).resolves.toBe('ran');
		await expect(inTurn(async () => 'after')).resolves.toBe('after');
	});
});

describe('hashConcurrency', () => {
	it('shares the cores among the server processes, at least one, unless set', () => {
		expect(hashConcurrency({ WEB_CONCURRENCY: '2' }, 2)).toBe(1);
		expect(hashConcurrency({}, 2)).toBe(2);
		expect(hashConcurrency({ WEB_CONCURRENCY: '4' }, 2)).toBe(1);
		expect(hashConcurrency({ WEB_CONCURRENCY: '2', ARGON2_CONCURRENCY: '3' }, 2)).toBe(3);
		expect(hashConcurrency({ ARGON2_CONCURRENCY: 'lots' }, 8)).toBe(8);
	});
});

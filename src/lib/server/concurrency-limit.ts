/**
 * At most `limit` tasks at once; the rest wait in arrival order, holding nothing but their place. Used where each
 * task in flight holds memory and running more at once would not finish them sooner on this machine's cores:
 * argon2id hashes (auth/hash-queue.ts; decision 047), and reminders waiting on mail and SMS round trips
 * (renewal/reminders.ts).
 */
export function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
	let running = 0;
	const waiting: (() => void)[] = [];
	return async (task) => {
		if (running >= limit) await new Promise<void>((go) => waiting.push(go));
		else running++;
		try {
			return await task();
		} finally {
			// The slot passes to the next waiter as it is (running stays the same), or is given back.
			const next = waiting.shift();
			if (next) next();
			else running--;
		}
	};
}

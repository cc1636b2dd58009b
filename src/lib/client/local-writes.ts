/**
 * Local writes (outbox.ts) notify these listeners; the sync schedules itself ~2 s after a write. Kept apart from the
 * outbox so the sync loop, which every signed-in page loads, does not load the writing code with it.
 */
const listeners = new Set<() => void>();

export function onLocalWrite(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export function notifyLocalWrite(): void {
	for (const listener of listeners) listener();
}

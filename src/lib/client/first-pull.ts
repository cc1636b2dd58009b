import { decodePullPage, PULL_WIRE_PARAM, type PullWire } from '$lib/domain/pull-wire';
import type { PullResponse } from '$lib/domain/sync-protocol';

/**
 * A new device's first pull page, fetched by the dashboard without Dexie so its first screen can be drawn from it
 * (decision 044), then handed to the sync engine, which stores it as if it had fetched it: one request, not two.
 * Only for a device that holds nothing yet (cursor 0); the engine ignores it otherwise.
 */

// The same page the engine asks for first (sync.ts: cursor 0, PULL_LIMIT rows, the column-wise form; tests/unit/first-screen-record.spec.ts).
export const FIRST_PULL_URL = `/api/sync/pull?cursor=0&limit=5000&${PULL_WIRE_PARAM}`;
const WAIT_MS = 4_000;

let pending: Promise<PullResponse | null> | null = null;

/** Fetches the first page; null when offline, refused or slow. In the browser it is kept for the engine. */
export function fetchFirstPull(fetchFn: typeof fetch = fetch): Promise<PullResponse | null> {
	const fetched = fetchFn(FIRST_PULL_URL, { credentials: 'same-origin', signal: AbortSignal.timeout(WAIT_MS) })
		.then(async (response) => (response.ok ? decodePullPage((await response.json()) as PullWire) : null))
		.catch(() => null);
	// Never on the server: module state there is shared by every request, so one person's page must not stay.
	// (Not $app/environment: the service worker's build, which imports sync.ts and so this, has no $app modules.)
	if (typeof document !== 'undefined') pending = fetched;
	return fetched;
}

/** For the engine's first page: the prefetched one, once; null when there is none. */
export async function takeFirstPull(): Promise<PullResponse | null> {
	const page = pending;
	pending = null;
	return page ? await page : null;
}

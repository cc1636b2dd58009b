import type { PublicKeySet } from './verify-signature';

const STORAGE_KEY = 'ems-registry:verify-keys';

/** The copy of the state's public keys kept from an earlier visit: what checks a card with no signal. */
export function keptVerificationKeys(): PublicKeySet | null {
	try {
		const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as PublicKeySet | null;
		return parsed && Array.isArray(parsed.keys) ? parsed : null;
	} catch {
		return null;
	}
}

/** Fetches the keys and keeps them; null when the server cannot be reached (the kept copy stays). */
export async function refreshVerificationKeys(): Promise<PublicKeySet | null> {
	try {
		const response = await fetch('/verify/keys.json', { cache: 'no-cache', signal: AbortSignal.timeout(8000) });
		if (!response.ok) return null;
		const fresh = (await response.json()) as PublicKeySet;
		if (!Array.isArray(fresh.keys)) return null;
		localStorage.setItem(STORAGE_KEY, JSON.stringify(fresh));
		return fresh;
	} catch {
		return null;
	}
}

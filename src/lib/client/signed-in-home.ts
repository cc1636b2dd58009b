import { browser } from '$app/environment';
import { deviceInUse } from './device-in-use';

/**
 * Where a signed-in person starts: licensees (squad leaders too) their dashboard, office staff the console. The
 * device keeps a one-word note of who is signed in (localStorage, no Dexie), so the start page, /login and the
 * installed app's start forward offline too. Online the server decides, and a refused session clears the note,
 * so a stale note costs one hop, never a loop between /login and a page that sends the person back to it.
 */
export type SignedInRole = 'licensee' | 'office';

const KEY = 'ems-registry:signed-in-as';

export const homeFor = (role: SignedInRole): string => (role === 'office' ? '/office' : '/dashboard');

export function rememberSignedIn(role: SignedInRole): void {
	try {
		localStorage.setItem(KEY, role);
	} catch {
		// Storage disabled: forwarding then works online only.
	}
}

export function forgetSignedIn(): void {
	try {
		localStorage.removeItem(KEY);
	} catch {
		// nothing kept
	}
}

/**
 * What the device knows, with no network: the note, or else — a device holding someone's record (sign-out wipes
 * it) — the dashboard, which shows that record offline.
 */
export function knownHome(): string | null {
	if (!browser) return null;
	let role: string | null = null;
	try {
		role = localStorage.getItem(KEY);
	} catch {
		role = null;
	}
	if (role === 'licensee' || role === 'office') return homeFor(role);
	return deviceInUse() ? '/dashboard' : null;
}

/**
 * Online: asks the server (GET /api/session/role; during server rendering it carries the cookie) and notes the
 * answer. Offline, or when the server does not answer within 1.5 s: what the device knows.
 */
export async function signedInHome(fetchFn: typeof fetch): Promise<string | null> {
	if (!browser || navigator.onLine) {
		try {
			const response = await fetchFn('/api/session/role', {
				cache: 'no-store',
				credentials: 'same-origin',
				signal: browser ? AbortSignal.timeout(1_500) : undefined
			});
			if (response.ok) {
				const { role } = (await response.json()) as { role: SignedInRole | null };
				if (role !== 'licensee' && role !== 'office') {
					if (browser) forgetSignedIn();
					return null;
				}
				if (browser) rememberSignedIn(role);
				return homeFor(role);
			}
		} catch {
			// offline after all, or slow: fall back to the device's note
		}
	}
	return knownHome();
}

import type { SessionUser } from '$lib/domain/session-user';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			/** Set once per request by hooks.server.ts from the session cookie; null when signed out. */
			user: SessionUser | null;
			session: { id: string; reauthenticatedAt: string | null } | null;
		}
		// interface Error {}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};

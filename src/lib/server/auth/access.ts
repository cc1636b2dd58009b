import { error, redirect, type RequestEvent } from '@sveltejs/kit';

/**
 * Who may reach which route, decided once per request in hooks.server.ts before any load, action or endpoint runs.
 * Everything is closed unless listed here; a new route needs a session until someone adds it on purpose.
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
	'/',
	'/shell',
	'/(public)/login',
	'/(public)/forgot-password',
	'/(public)/forgot-password/code',
	'/(public)/forgot-password/change-password',
	// Signing out needs no session: the device ends it itself before it wipes (device-sign-out.ts), and the form
	// post that follows then only clears the cookie and goes to the login page.
	'/logout',
	// Links in email-change notices, opened from an inbox without a session (a token in the link says which change).
	'/(public)/confirm-email',
	'/(public)/undo-email-change',
	'/api/passkeys/sign-in',
	'/api/passkeys/sign-in/options',
	// Whether someone is signed in, and as what (null when not): /login forwards a signed-in person.
	'/api/session/role',
	// Anyone may verify a license (DESIGN.md section 3): the page, its public keys and the status lookups.
	'/verify',
	'/verify/keys.json',
	// The compact QR link on printed cards (redirects to /verify).
	'/V/[c]',
	'/api/verify/lookup',
	'/api/verify/status',
	// Development aids answer 404 in production themselves.
	'/dev/outbox',
	'/dev/outbox.json'
]);

export type AccessRule = 'public' | 'signed-in' | 'licensee' | 'office' | 'agency-leader';

/** Route groups say who a page is for: (licensee), (office), (agency); anything else just needs a session. */
export function accessRuleFor(routeId: string): AccessRule {
	if (PUBLIC_ROUTES.has(routeId)) return 'public';
	if (routeId.includes('/(office)') || routeId.startsWith('/api/office/')) return 'office';
	if (routeId.includes('/(licensee)')) return 'licensee';
	if (routeId.includes('/(agency)')) return 'agency-leader';
	return 'signed-in';
}

export const homeFor = (user: NonNullable<App.Locals['user']>): string => (user.role === 'office' ? '/office' : '/dashboard');

/** Throws a redirect (pages) or an error (endpoints, form posts) when the asker may not reach the route. */
export function authorize(event: Pick<RequestEvent, 'route' | 'locals' | 'url' | 'request' | 'params'>): void {
	const routeId = event.route.id;
	// No route: SvelteKit answers 404 (or serves a static file) without running any of our code.
	if (routeId === null) return;
	const rule = accessRuleFor(routeId);
	if (rule === 'public') return;
	const user = event.locals.user;
	// Endpoints answer with a status; pages (views, form posts, their __data.json) send the person to sign in.
	const isEndpoint = routeId.startsWith('/api/');
	if (!user) {
		if (!isEndpoint) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		error(401, 'Sign in first.');
	}
	const allowed =
		rule === 'signed-in' ||
		(rule === 'licensee' && user.role === 'licensee') ||
		(rule === 'office' && user.role === 'office') ||
		(rule === 'agency-leader' && (user.role === 'office' || user.leaderOf.includes(event.params.number ?? '')));
	if (allowed) return;
	if (!isEndpoint && event.request.method === 'GET' && rule !== 'agency-leader') redirect(303, homeFor(user));
	error(403, 'This page is not available to your account.');
}

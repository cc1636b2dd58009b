import type { Cookies } from '@sveltejs/kit';

/** The Forgot Password ticket: which codes this browser asked for. Only its hash is stored. */
export const TICKET_COOKIE = 'reset_ticket';

export function setTicketCookie(cookies: Cookies, url: URL, ticket: string): void {
	cookies.set(TICKET_COOKIE, ticket, {
		path: '/forgot-password',
		httpOnly: true,
		sameSite: 'lax',
		secure: !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)),
		maxAge: 60 * 60
	});
}

export function clearTicketCookie(cookies: Cookies): void {
	cookies.delete(TICKET_COOKIE, { path: '/forgot-password' });
}

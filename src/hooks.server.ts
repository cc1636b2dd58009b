import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { authorize } from '$lib/server/auth/access';
import { auditAccessRefusal } from '$lib/server/auth/access-refusal-audit';
import { SESSION_COOKIE, clearSessionCookie, validateSession } from '$lib/server/auth/sessions';
import { compressResponse } from '$lib/server/compress';
import { answeringDatabaseOutage } from '$lib/server/database-outage';
import { handleErrorWithSentence } from '$lib/server/error-sentences';
import { refuseNulInAddress, refuseUnreadableForms } from '$lib/server/form-data';
import { loadDemoDataIfEmpty } from '$lib/server/demo/load';
import { startReminderScheduleFromEnvironment } from '$lib/server/renewal/reminder-schedule';
import { isRealUse } from '$lib/server/runtime-mode';
import { checkBeforeServing } from '$lib/server/startup-check';

export const init: ServerInit = async () => {
	const { db } = await appDatabase();
	if (process.env.LOAD_DEMO_DATA === 'true') await loadDemoDataIfEmpty(db);
	await checkBeforeServing(db);
	// Renewal reminders on a schedule in every process; a lease in the database lets one send (decision 040).
	startReminderScheduleFromEnvironment(db);
};

const realUse = isRealUse();

const serve: Handle = async ({ event, resolve }) => {
	// Development aids also refuse themselves; this keeps any future /dev route closed too (decision 018).
	if (realUse && (event.url.pathname === '/dev' || event.url.pathname.startsWith('/dev/'))) return new Response('Not found', { status: 404 });
	// Before any action or endpoint can read the body: a post that is not a readable form is a 400, not a 500.
	refuseUnreadableForms(event.request);
	// Prerendered pages (the app shell) have no query string to read, and SvelteKit refuses the attempt.
	if (!building) refuseNulInAddress(event.url);
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { db } = await appDatabase();
		const found = await validateSession(db, token);
		if (found) {
			event.locals.user = found.user;
			event.locals.session = { id: found.session.id, reauthenticatedAt: found.session.reauthenticatedAt };
		} else {
			clearSessionCookie(event.cookies);
		}
	}
	try {
		authorize(event);
	} catch (refusal) {
		// A signed-in account refused a page or endpoint (another agency's page, say) is kept in the audit log.
		await auditAccessRefusal(event, refusal);
		throw refusal;
	}

	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	// A signed-in page must not be kept by shared caches or shown from the back/forward cache after sign-out.
	if (event.locals.user && !response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'private, no-store');
	return compressResponse(event.request, response);
};

/** The database unreachable (PostgreSQL stopped or restarting) is answered 503 with a sentence, not 500. */
export const handle: Handle = answeringDatabaseOutage(serve);

/** SvelteKit's own 404/405/415 say what to do in a sentence, like every refusal of ours. */
export const handleError: HandleServerError = handleErrorWithSentence;

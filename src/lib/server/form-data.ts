import { error } from '@sveltejs/kit';
import { holdsNul } from '$lib/domain/validation';

/** What the sender of a body that is not a readable form is told (a 400, never a 500). */
export const UNREADABLE_FORM = 'This form could not be read. Go back to the page and send it again.';
/** What the sender of a form holding a NUL character is told: no keyboard types one, and PostgreSQL cannot store it. */
export const NUL_IN_ADDRESS = 'This address holds a character that cannot be stored (a null byte, %00). Remove it and try again.';

/**
 * A null byte in the path or the query string is a 400 before any page, action or endpoint reads it: PostgreSQL
 * refuses NUL in every text parameter, so a lookup by it would fail with a 500 (the hostile-input gate found one on
 * /api/verify/status). A URL cannot hold a raw NUL; in the path it stays percent-encoded, the query is decoded.
 */
export function refuseNulInAddress(url: URL): void {
	if (/%00/.test(url.pathname) || holdsNul([...url.searchParams])) error(400, NUL_IN_ADDRESS);
}

export const NUL_IN_FORM = 'This form holds a character that cannot be stored (a null byte). Remove it and send the form again.';

/**
 * PostgreSQL refuses U+0000 in any text parameter ("invalid byte sequence"), which would surface as a 500 wherever a
 * field reaches a query — even a lookup by id (found by the hostile-input gate on the office revoke action). Refused
 * here, once, for every field name and text value, so no action written later has to remember it.
 */
function refuseNul(form: FormData): FormData {
	// A file's bytes are not text a query takes (holdsNul looks at strings only); its name and the text fields are.
	for (const [name, value] of form.entries()) if (holdsNul(name) || holdsNul(value)) error(400, NUL_IN_FORM);
	return form;
}

/**
 * The posted form of an action. `request.formData()` throws on a text/plain or malformed multipart body, which
 * would otherwise answer 500 (TOOLCHAIN.md): such a post is the sender's mistake, so it is a 400 with a sentence.
 * Requests that came through hooks.server.ts are already guarded (refuseUnreadableForms); this keeps an action
 * called directly (server tests) to the same answer.
 */
export async function formOf(request: Request): Promise<FormData> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		error(400, UNREADABLE_FORM);
	}
	return refuseNul(form);
}

/**
 * Makes this request's `formData()` fail as a 400 with a sentence instead of a TypeError (which SvelteKit answers
 * with 500). Done once per request in the hook, so every form action and endpoint — including ones written later
 * that call `request.formData()` themselves — answers a text/plain, boundary-less or truncated multipart body the
 * same way, without parsing any body twice. SvelteKit hands the action this same Request object.
 */
export function refuseUnreadableForms(request: Request): void {
	const read = request.formData.bind(request);
	Object.defineProperty(request, 'formData', {
		configurable: true,
		value: async (): Promise<FormData> => {
			// A body read twice is our bug, not the sender's: it stays a 500 that someone sees.
			if (request.bodyUsed) return read();
			let form: FormData;
			try {
				form = await read();
			} catch {
				error(400, UNREADABLE_FORM);
			}
			return refuseNul(form);
		}
	});
}

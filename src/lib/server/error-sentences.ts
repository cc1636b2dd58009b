import type { HandleServerError } from '@sveltejs/kit';
import { DATABASE_UNREACHABLE, noteDatabaseOutage } from './database-outage';

/**
 * SvelteKit's own refusals (no such page or action, a method a page does not take, a body an action cannot take)
 * carry HTTP reason phrases such as "Not Found". A person, or a device reading the JSON, gets a sentence that says
 * what to do instead. Errors our code raises with error(status, sentence) never reach handleError.
 */
const SENTENCES: Record<number, string> = {
	400: 'The server could not read this request. Go back to the page and try again.',
	404: 'There is nothing at this address. Check it, or start again from the home page.',
	405: 'This address does not take that kind of request. Go back to the page and try again.',
	413: 'What was sent is too large. Send a smaller file or less text.',
	415: 'This address does not take what was sent. Go back to the page and send the form from there.'
};

export const handleErrorWithSentence: HandleServerError = ({ error, event, status }) => {
	// The hook turns this answer into a 503 (database-outage.ts); one line in the log, not a stack per request.
	if (status >= 500 && noteDatabaseOutage(event, error)) {
		console.error(`database unreachable: ${(error as Error).message}`);
		return { message: DATABASE_UNREACHABLE };
	}
	if (status >= 500) {
		console.error(error);
		return { message: 'Something went wrong on the server. Try again in a minute; what you typed is kept on the page.' };
	}
	return { message: SENTENCES[status] ?? 'This request was refused. Go back to the page and try again.' };
};

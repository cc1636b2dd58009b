import * as v from 'valibot';

/** What the decision form posts; the reason is checked again in decideRequest (returning needs one). */
export const decisionFormSchema = v.object({
	note: v.pipe(v.string(), v.trim(), v.maxLength(1000, 'Keep the reason under 1,000 characters.'))
});

export const requestIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[\w-]+$/, 'There is no such request.'));

import * as v from 'valibot';

/** The confirm and undo links of an email change (server: auth/email-change.ts; pages: /confirm-email, /undo-email-change). */

export type EmailLinkKind = 'confirm' | 'undo';
export type EmailLinkProblem = 'unknown' | 'expired' | 'confirmed' | 'undone' | 'superseded' | 'taken';

/** The form the pages post: the token from the link, carried in a hidden field. */
export const emailLinkFormSchema = v.object({
	token: v.pipe(v.string(), v.trim(), v.nonEmpty('The link is missing its token.'), v.maxLength(100, 'The link is not valid.'))
});

const OFFICE = 'call the North Dakota Division of EMS';

/** What the person reads when a link does nothing: what happened and what to do now. */
export function emailLinkProblemText(kind: EmailLinkKind, problem: EmailLinkProblem): string {
	if (kind === 'confirm') {
		switch (problem) {
			case 'expired':
				return 'This confirmation link has expired (links work for 24 hours), so codes and notices still go to the old address. Sign in and choose "Send a new link" next to your email on the dashboard.';
			case 'confirmed':
				return 'This link was already used: the address is confirmed. A link works only once.';
			case 'superseded':
				return 'A newer change of the email address replaced this one, so this link no longer works. Use the link in the newest email.';
			case 'undone':
				return 'This change was undone from the old address, so this link no longer works.';
			case 'taken':
				return `Another person in the registry now uses this address, so it cannot be confirmed. Use a different address, or ${OFFICE}.`;
			default:
				return 'This confirmation link is not valid. Check that the whole link from the email was opened; if it still does not work, sign in and choose "Send a new link" next to your email on the dashboard.';
		}
	}
	switch (problem) {
		case 'expired':
			return `This undo link has expired (links work for 30 days). If you did not make the change, ${OFFICE}.`;
		case 'undone':
			return 'This change was already undone. A link works only once.';
		case 'taken':
			return `Another person in the registry now uses your old address, so it cannot be restored here. ${OFFICE[0]!.toUpperCase()}${OFFICE.slice(1)}.`;
		default:
			return `This undo link is not valid. Check that the whole link from the email was opened; if it still does not work, ${OFFICE}.`;
	}
}

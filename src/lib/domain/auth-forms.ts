import * as v from 'valibot';
import { email, emsNumber } from './fields';
import { onSitePath } from './return-path';

/** The sign-in and Forgot Password forms, validated the same way by the page and the server. */

const secret = (label: string) =>
	v.pipe(v.string(`${label} is required.`), v.nonEmpty(`${label} is required.`), v.maxLength(1000, `${label} is too long.`));

/** EMS ID is the ND EMS #; office staff type their email address in the same box. */
export const signInSchema = v.object({
	identifier: v.pipe(
		v.string('EMS ID is required.'),
		v.trim(),
		v.nonEmpty('EMS ID is required.'),
		v.maxLength(254, 'EMS ID is too long.'),
		v.check(
			(s) => /^\d{4,8}$/.test(s) || /^[^\s@]+@[^\s@]+$/.test(s),
			'Enter your EMS ID (your ND EMS #, like 100002), or your email address if you are office staff.'
		)
	),
	password: secret('Password')
});

export const CODE_CHANNELS = ['email', 'sms'] as const;
export const codeChannel = v.picklist(CODE_CHANNELS, 'Choose Email or Phone.');

export const forgotPasswordSchema = v.object({ email, emsNumber, channel: codeChannel });
/** Office staff have no ND EMS #: they ask by their account's email alone, and the code goes there. */
export const officeForgotPasswordSchema = v.object({ email });

export const codeSchema = v.object({
	code: v.pipe(
		v.string('Code is required.'),
		v.transform((s) => s.replace(/\s+/g, '')),
		v.nonEmpty('Code is required.'),
		v.regex(/^\d{6}$/, 'The code is six digits, like 123456.')
	)
});

export const resendSchema = v.object({ channel: codeChannel });

export const newPasswordSchema = v.object({
	password: secret('New password'),
	confirmation: v.pipe(v.string('Confirm new password is required.'), v.maxLength(1000, 'Confirm new password is too long.'))
});

export const confirmPasswordSchema = v.object({ password: secret('Password') });

/** A path on this site to return to after signing in or confirming; anything else is dropped. */
export const returnPath = v.pipe(
	v.optional(v.string(), ''),
	v.transform((s: string) => onSitePath(s))
);

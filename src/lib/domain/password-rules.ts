/**
 * The password requirements, as one pure rule the Change Password page runs live while a person types and the
 * server runs again before it stores anything, so both always agree.
 */

export const MIN_PASSWORD_LENGTH = 12;

export type PasswordRequirementId = 'length' | 'personal' | 'common' | 'match';

export interface PasswordRequirement {
	id: PasswordRequirementId;
	label: string;
	met: boolean;
}

export interface PasswordCandidate {
	password: string;
	confirmation: string;
	/** The person's ND EMS # (null for office staff). */
	emsNumber: string | null;
	email: string;
}

/**
 * `isCommon` answers whether a password is among the 10,000 most common; it is passed in so the browser can load
 * the list lazily and tests can substitute a small one.
 */
export function checkPassword(candidate: PasswordCandidate, isCommon: (password: string) => boolean): PasswordRequirement[] {
	const { password, confirmation } = candidate;
	return [
		{ id: 'length', label: `At least ${MIN_PASSWORD_LENGTH} characters`, met: [...password].length >= MIN_PASSWORD_LENGTH },
		{ id: 'personal', label: 'Not your ND EMS # or email address', met: password.length > 0 && !containsPersonalData(candidate) },
		{ id: 'common', label: 'Not one of the 10,000 most common passwords', met: password.length > 0 && !isCommon(password.toLowerCase()) },
		{ id: 'match', label: 'Both entries are the same', met: password.length > 0 && password === confirmation }
	];
}

export const allMet = (requirements: PasswordRequirement[]): boolean => requirements.every((r) => r.met);

/**
 * "Not your EMS # or email" is read as "does not contain them": 100001100001 is the EMS # however long it gets.
 * The mailbox name counts too, because people reuse it ("new.emt" in new.emt2026pass).
 */
function containsPersonalData({ password, emsNumber, email }: PasswordCandidate): boolean {
	const lower = password.toLowerCase();
	if (emsNumber && lower.includes(emsNumber.toLowerCase())) return true;
	const address = email.trim().toLowerCase();
	if (address && lower.includes(address)) return true;
	const mailbox = address.split('@')[0] ?? '';
	return mailbox.length >= 4 && lower.includes(mailbox);
}

/** The common-password data file (one lowercase password per line) as a lookup set. */
export function parseCommonPasswords(text: string): ReadonlySet<string> {
	return new Set(text.split('\n').filter(Boolean));
}

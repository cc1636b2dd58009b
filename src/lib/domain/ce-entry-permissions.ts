import type { Decision, MutationIntent } from './permissions';
import type { SessionUser } from './session-user';

/**
 * Continuing-education entries belong to one licensee: they add, change and delete their own, and nobody else's
 * (a squad leader has no say over a member's CE). The office may change anything (decided before this is asked).
 * The certificate field is the server's note of an uploaded file: only the upload endpoint sets it.
 */
export const NOT_YOUR_CE = 'You can only change your own continuing education entries.';

export function decideCeEntry(user: SessionUser, i: MutationIntent): Decision {
	const mine = (owner: unknown) => user.emsNumber !== null && owner === user.emsNumber;
	if (i.existing && !mine(i.existing.emsNumber)) return { kind: 'deny', reason: NOT_YOUR_CE };
	if (i.op === 'insert' && !mine(i.changes.emsNumber)) return { kind: 'deny', reason: NOT_YOUR_CE };
	if (i.op === 'update' && 'emsNumber' in i.changes && !mine(i.changes.emsNumber)) return { kind: 'deny', reason: NOT_YOUR_CE };
	if ('certificate' in i.changes && (i.existing?.certificate ?? null) !== i.changes.certificate)
		return { kind: 'deny', reason: 'A certificate is attached by uploading it, not by typing its name.' };
	return { kind: 'allow' };
}

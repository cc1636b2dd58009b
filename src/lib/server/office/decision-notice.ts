import { fullName } from '../../domain/format';
import type { Db } from '../db';
import type { OutgoingMessage } from '../messages/outbox';
import { parseChanges, REVIEW_KINDS, type ChangeRequestRow, type PersonName } from './review-kinds';

/** The email that tells the asker how the office decided; null when their account has no address. */
export async function decisionNotice(db: Db, request: ChangeRequestRow, status: 'approved' | 'rejected', note: string): Promise<OutgoingMessage | null> {
	const account = await db.selectFrom('accounts').select('email').where('id', '=', request.requestedBy).executeTakeFirst();
	if (!account?.email) return null;
	const person = await db
		.selectFrom('persons')
		.select(['firstName', 'middleName', 'lastName', 'suffix'])
		.where('emsNumber', '=', request.emsNumber)
		.executeTakeFirst();
	const kind = REVIEW_KINDS[request.kind];
	const changes = parseChanges(request.changes);
	const what =
		request.kind === 'name' && person
			? `your legal name change to ${fullName({ ...person, ...(changes as Partial<PersonName>) })}`
			: `your request: ${kind.summary(changes, person ?? null)}`;
	const word = status === 'approved' ? 'approved' : 'returned';
	const lines = [
		`The North Dakota Division of EMS ${word} ${what}.`,
		...(note ? ['', `Note from the office: ${note}`] : []),
		'',
		status === 'approved'
			? 'Your device shows the change the next time it syncs.'
			: 'Nothing was changed. You can send a corrected request from EMS Registry.',
		'',
		'Questions: dems@nd.gov'
	];
	return { to: account.email, channel: 'email', subject: `Your EMS Registry ${kind.noun.toLowerCase()} was ${word}`, text: lines.join('\n') };
}

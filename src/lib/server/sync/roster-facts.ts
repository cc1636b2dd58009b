import { currentCredential } from '../../domain/dashboard';
import { fullName } from '../../domain/format';
import { LEVELS, type Level } from '../../domain/levels';
import type { MutationOp } from '../../domain/sync-protocol';
import type { RosterFacts } from '../../domain/roster';
import type { Db } from '../db';

type Row = Readonly<Record<string, unknown>>;

/** Whether judging this change reads roster facts beyond the record itself (push.ts then decides under the lock). */
export function readsRosterFacts(table: string, changes: Row): boolean {
	return table === 'affiliations' || (table === 'vehicles' && 'unitNumber' in changes);
}

/**
 * What permissions.ts needs to judge a roster or vehicle change, read inside the push's transaction. The push holds
 * the revision counter's lock before it reads (push.ts, decisions 013 and 052), so two leaders ending each other's leader
 * role at once are judged one after the other: the second sees the first's change and is refused.
 */
export async function rosterFacts(
	trx: Db,
	table: string,
	op: MutationOp,
	id: string,
	existing: Row | null,
	changes: Row,
	today: string
): Promise<RosterFacts | undefined> {
	// The one question, asked here and by apply.ts before it lets the caller take the lock: below, a vehicle change names its unit number.
	if (!readsRosterFacts(table, changes)) return undefined;
	if (table === 'affiliations') return op === 'insert' ? additionFacts(trx, changes, today) : { today, otherLeaders: await otherLeaders(trx, existing, id, today) };
	if (table === 'vehicles') {
		const agency = String(changes.agencyNumber ?? existing?.agencyNumber ?? '');
		const unit = String(changes.unitNumber).trim().toUpperCase();
		const taken = await unitNumberHolder(trx, agency, id, unit).executeTakeFirst();
		return { today, unitNumberTaken: taken !== undefined };
	}
	return undefined;
}

/**
 * Another live vehicle of the agency with this unit number (`unit` upper-cased). Migration 015's index on
 * (agency_number, upper(unit_number)) answers it in one lookup; without it each vehicle change read the agency's
 * whole fleet, half of a 500-change push's server time (decision 046).
 */
export function unitNumberHolder(trx: Db, agency: string, id: string, unit: string) {
	return trx
		.selectFrom('vehicles')
		.select('id')
		.where('agencyNumber', '=', agency)
		.where('id', '<>', id)
		.where('deletedAt', 'is', null)
		.where((eb) => eb(eb.fn('upper', ['unitNumber']), '=', unit));
}

const current = (today: string) => (eb: any) => eb.or([eb('endedOn', 'is', null), eb('endedOn', '>=', today)]); // eslint-disable-line @typescript-eslint/no-explicit-any

async function otherLeaders(trx: Db, existing: Row | null, id: string, today: string): Promise<number> {
	if (!existing) return 0;
	const row = await trx
		.selectFrom('affiliations')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('agencyNumber', '=', String(existing.agencyNumber))
		.where('role', '=', 'squad_leader')
		.where('deletedAt', 'is', null)
		.where('id', '<>', id)
		.where(current(today))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

async function additionFacts(trx: Db, changes: Row, today: string): Promise<RosterFacts> {
	const emsNumber = String(changes.emsNumber ?? '');
	const agency = String(changes.agencyNumber ?? '');
	const person = await trx
		.selectFrom('persons')
		.select(['firstName', 'middleName', 'lastName', 'suffix'])
		.where('emsNumber', '=', emsNumber)
		.where('deletedAt', 'is', null)
		.executeTakeFirst();
	if (!person) return { today, person: null };
	// One after another: a transaction is one connection.
	const credentials = await trx
		.selectFrom('credentials')
		.select(['level', 'number', 'status', 'issuedOn', 'expiresOn', 'nremtNumber', 'nremtExpiresOn'])
		.where('emsNumber', '=', emsNumber)
		.where('deletedAt', 'is', null)
		.execute();
	const member = await trx
		.selectFrom('affiliations')
		.select('id')
		.where('emsNumber', '=', emsNumber)
		.where('agencyNumber', '=', agency)
		.where('deletedAt', 'is', null)
		.where(current(today))
		.executeTakeFirst();
	const waiting = await trx
			.selectFrom('changeRequests')
			.select('id')
			.where('emsNumber', '=', emsNumber)
			.where('kind', '=', 'member_addition')
			.where('status', '=', 'pending')
			.where('changes', 'like', `%"agencyNumber":"${agency.replace(/[^A-Z0-9]/g, '')}"%`)
			.executeTakeFirst();
	const lead = currentCredential(credentials);
	const level = lead && (LEVELS as readonly string[]).includes(lead.level) ? (lead.level as Level) : null;
	return { today, person: { name: fullName(person), level }, alreadyCurrent: member !== undefined, additionWaiting: waiting !== undefined };
}

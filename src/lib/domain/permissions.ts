import { decideCeEntry } from './ce-entry-permissions';
import { isRenewalApplication, RENEWAL_REQUEST } from './renewal-permissions';
import type { SessionUser } from './session-user';
import { AGENCY_CONTACT_FIELDS, PERSON_CONTACT_FIELDS, PERSON_NAME_FIELDS, PERSON_PREFERENCE_FIELDS, TABLE_NOUNS, fieldLabel, type SyncTable } from './sync-tables';
import type { MutationOp } from './sync-protocol';
import {
	ADDITION_REQUESTED,
	LAST_LEADER,
	additionAlreadyWaiting,
	alreadyMember,
	endDateError,
	needsOfficeApproval,
	unitNumberTaken,
	unknownPerson,
	type RosterFacts
} from './roster';

/**
 * Who may change what, as one pure function the server asks for every mutation (and the device may ask to
 * hide buttons). Reasons are written for the person who made the change.
 *
 * - A licensee changes their own contact information and settings (renewal reminders). A legal name change is a request the office approves.
 * - A squad leader changes the contact information of agencies they lead, adds, edits and takes out of service
 *   their vehicles, ends affiliations and grants or removes the squad-leader role in those agencies.
 * - A licensee adds, changes and deletes their own continuing-education entries (ce-entry-permissions.ts).
 * - Office staff may change anything.
 */
export type Decision =
	| { kind: 'allow' }
	| { kind: 'request'; request: 'name' | 'member_addition' | 'renewal'; message: string }
	| { kind: 'deny'; reason: string; /** The field the reason is about, shown beside it. */ field?: string };

export interface MutationIntent {
	table: SyncTable;
	op: MutationOp;
	/** The record as the server has it (null for an insert, or when it does not exist). */
	existing: Readonly<Record<string, unknown>> | null;
	/** The fields the mutation sets, validated. */
	changes: Readonly<Record<string, unknown>>;
	/** For affiliations: what the server looked up about the roster (roster-facts.ts); the device passes its own. */
	roster?: RosterFacts;
}

const allow: Decision = { kind: 'allow' };
const deny = (reason: string, field?: string): Decision => (field ? { kind: 'deny', reason, field } : { kind: 'deny', reason });

export const NOT_YOURS = 'You can only change your own record, or the records of agencies you lead as squad leader.';

const fieldsOf = (i: MutationIntent) => Object.keys(i.changes);

function onlyFields(i: MutationIntent, allowed: readonly string[], whenOther: (labels: string) => string): Decision {
	const others = fieldsOf(i).filter((f) => !allowed.includes(f));
	if (others.length === 0) return allow;
	return deny(whenOther(others.map((f) => fieldLabel(i.table, f)).join(', ')));
}

export function decide(user: SessionUser, i: MutationIntent): Decision {
	if (user.role === 'office') return allow;
	const leads = (agency: unknown) => typeof agency === 'string' && user.leaderOf.includes(agency);
	const record = { ...i.existing, ...i.changes };

	if (i.table === 'ceEntries') return decideCeEntry(user, i);
	if (i.op === 'delete') return deny(`Only the state EMS office can remove a ${TABLE_NOUNS[i.table]}.`);

	switch (i.table) {
		case 'persons': {
			if (i.op !== 'update' || !i.existing || user.emsNumber === null || i.existing.emsNumber !== user.emsNumber)
				return deny(NOT_YOURS);
			const fields = fieldsOf(i);
			const names = fields.filter((f) => (PERSON_NAME_FIELDS as readonly string[]).includes(f));
			if (names.length > 0) {
				if (names.length !== fields.length)
					return deny('Send a name change on its own: it needs the office’s approval, contact changes do not.');
				return {
					kind: 'request',
					request: 'name',
					message: 'Your name change was sent to the state EMS office for approval. Your record shows the new name once it is approved.'
				};
			}
			return onlyFields(i, [...PERSON_CONTACT_FIELDS, ...PERSON_PREFERENCE_FIELDS], (l) => `${l} can only be changed by the state EMS office.`);
		}
		case 'credentials':
			if (isRenewalApplication(user, i)) return RENEWAL_REQUEST;
			return deny('Licenses and certifications are issued by the state EMS office and cannot be changed here.');
		case 'agencies': {
			if (i.op !== 'update' || !i.existing || !leads(i.existing.number))
				return deny('Only a squad leader of this agency can change its contact information.');
			return onlyFields(i, AGENCY_CONTACT_FIELDS, (l) => `${l} can only be changed by the state EMS office.`);
		}
		case 'vehicles': {
			if (i.existing && !leads(i.existing.agencyNumber))
				return deny('Only a squad leader of this vehicle’s agency can change it.');
			if (!leads(record.agencyNumber)) return deny('You can only add vehicles to agencies you lead as squad leader.');
			if (i.roster?.unitNumberTaken) return deny(unitNumberTaken(String(record.unitNumber)), 'unitNumber');
			return allow;
		}
		case 'affiliations':
			return decideMembership(i, leads);
	}
}

/**
 * A squad leader's roster changes. Adding: only as a member (the role is granted afterwards), someone the registry
 * knows and who is not already current; EMR and EMT members join at once, AEMT and Paramedic additions (and people
 * with no credential on file) become a request for the office. Changing: only the end date and the role, never
 * leaving the agency without a current squad leader.
 */
function decideMembership(i: MutationIntent, leads: (agency: unknown) => boolean): Decision {
	const facts = i.roster;
	if (i.op === 'insert') {
		if (!leads(i.changes.agencyNumber)) return deny('Only a squad leader of this agency can add members to its roster.');
		if (i.changes.role !== 'member') return deny('Add the person as a member first; the squad-leader role is granted afterwards.');
		if (i.changes.endedOn !== null && i.changes.endedOn !== undefined) return deny('A new member cannot be added with an end date.');
		if (!facts) return deny('The roster could not be checked; the change was not applied.');
		if (facts.person === null || facts.person === undefined) return deny(unknownPerson(String(i.changes.emsNumber)), 'emsNumber');
		if (facts.alreadyCurrent) return deny(alreadyMember(facts.person.name), 'emsNumber');
		if (facts.additionWaiting) return deny(additionAlreadyWaiting(facts.person.name), 'emsNumber');
		if (needsOfficeApproval(facts.person.level)) return { kind: 'request', request: 'member_addition', message: ADDITION_REQUESTED };
		return allow;
	}
	if (!i.existing || !leads(i.existing.agencyNumber)) return deny('Only a squad leader of this agency can change its personnel roster.');
	const fields = onlyFields(i, ['endedOn', 'role'], (l) => `${l} of a membership can only be changed by the state EMS office.`);
	if (fields.kind === 'deny' || !facts) return fields;
	const after = { ...i.existing, ...i.changes } as Record<string, unknown>;
	if ('endedOn' in i.changes && typeof after.endedOn === 'string' && after.endedOn !== i.existing.endedOn) {
		// Before the start is the schema's rule (answered with the field's error); this adds the 30 days ahead.
		const wrong = after.endedOn >= String(after.startedOn) ? endDateError(after.endedOn, String(after.startedOn), facts.today) : null;
		if (wrong) return deny(wrong, 'endedOn');
	}
	const wasLeader = i.existing.role === 'squad_leader' && (i.existing.endedOn === null || String(i.existing.endedOn) >= facts.today);
	const staysLeader = after.role === 'squad_leader' && after.endedOn === null;
	if (wasLeader && !staysLeader && (facts.otherLeaders ?? 0) === 0) return deny(LAST_LEADER, 'role' in i.changes ? 'role' : 'endedOn');
	if (after.role === 'squad_leader' && i.changes.role === 'squad_leader' && after.endedOn !== null && String(after.endedOn) < facts.today)
		return deny('Only a current member can be given the squad-leader role.');
	return allow;
}

/** Whether the person may change a field at all; for showing or hiding edit controls on the device. */
export function mayEdit(user: SessionUser, table: SyncTable, existing: Record<string, unknown>, field: string): boolean {
	const d = decide(user, { table, op: 'update', existing, changes: { [field]: existing[field] } });
	return d.kind !== 'deny';
}

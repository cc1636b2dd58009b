import { isCurrent } from './affiliation-roles';
import { daysUntil } from './credential-status';
import type { Level } from './levels';

/**
 * Roster rules shared by the device (checked before a change is queued) and the server (checked again in
 * permissions.ts with facts it looked up). Pure: no I/O, no valibot.
 */

/** An end date may be set ahead, for a planned departure, but not further than this. */
export const MAX_END_DAYS_AHEAD = 30;

/** North Dakota adds BLS members at once; ALS additions go to the state EMS office for approval (DESIGN.md §4). */
export const OFFICE_APPROVES_LEVELS: readonly Level[] = ['AEMT', 'Paramedic'];
export const needsOfficeApproval = (level: Level | null): boolean => level === null || OFFICE_APPROVES_LEVELS.includes(level);

/** What the server (or the device) knows about a roster change beyond the mutation itself. */
export interface RosterFacts {
	/** The day the rule is judged on (YYYY-MM-DD). */
	today: string;
	/** Insert: the person the ND EMS # names (null: nobody), with the level of their leading credential. */
	person?: { name: string; level: Level | null } | null;
	/** Insert: that person is already a current member of the agency. */
	alreadyCurrent?: boolean;
	/** Insert: an addition of that person to the agency already waits for the office. */
	additionWaiting?: boolean;
	/** Update: current squad leaders of the agency other than this membership. */
	otherLeaders?: number;
	/** Vehicles: another vehicle of the agency already has this unit number. */
	unitNumberTaken?: boolean;
}

export const unitNumberTaken = (unit: string) => `Unit number ${unit} is already used by another vehicle of this agency.`;

/** Unit numbers are unique within an agency, compared without case or surrounding spaces. */
export const sameUnit = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();

export const ADDITION_REQUESTED =
	'Adding an AEMT or Paramedic member needs the state EMS office’s approval: the request was sent. The member appears on the roster once it is approved.';

export function unknownPerson(emsNumber: string): string {
	return `No one in the registry has ND EMS # ${emsNumber}. Check the number and try again.`;
}
export const alreadyMember = (name: string) => `${name} is already a current member of this agency.`;
export const additionAlreadyWaiting = (name: string) => `Adding ${name} already waits for the state EMS office.`;
export const LAST_LEADER =
	'An agency must always keep at least one current squad leader. Grant the squad-leader role to another member first.';
export const END_BEFORE_START = 'End date cannot be before the start date.';
export const endTooFarAhead = () => `End date can be at most ${MAX_END_DAYS_AHEAD} days from today.`;

/** The end-date rule beyond the schema's (a real date, not before the start): not more than 30 days ahead. */
export function endDateError(endedOn: string, startedOn: string, today: string): string | null {
	if (endedOn < startedOn) return END_BEFORE_START;
	if (daysUntil(endedOn, today) > MAX_END_DAYS_AHEAD) return endTooFarAhead();
	return null;
}

interface Membership {
	id: string;
	emsNumber: string;
	agencyNumber: string;
	role: string;
	startedOn: string;
	endedOn: string | null;
}

/** Current squad leaders of `agency` on `today`, other than the membership `exceptId`. */
export function otherCurrentLeaders(memberships: readonly Membership[], agency: string, exceptId: string, today: string): number {
	return memberships.filter((m) => m.agencyNumber === agency && m.id !== exceptId && m.role === 'squad_leader' && isCurrent(m, today)).length;
}

/** Whether `emsNumber` is a current member of `agency` on `today`. */
export const isCurrentMember = (memberships: readonly Membership[], agency: string, emsNumber: string, today: string): boolean =>
	memberships.some((m) => m.agencyNumber === agency && m.emsNumber === emsNumber && isCurrent(m, today));

/** The answer of GET /api/agency/<number>/member-lookup?ems=…: who the leader is about to add. */
export interface MemberLookup {
	emsNumber: string;
	name: string;
	level: string | null;
	licenseNumber: string | null;
	status: string | null;
	expiresOn: string | null;
	currentMember: boolean;
}

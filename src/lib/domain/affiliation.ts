import * as v from 'valibot';
import { agencyNumber } from './agency';
import { emsNumber, isoDate, optionalIsoDate, recordId } from './fields';

export const AFFILIATION_ROLES = ['member', 'squad_leader'] as const;
export type AffiliationRole = (typeof AFFILIATION_ROLES)[number];

export const AFFILIATION_ROLE_NAMES: Record<AffiliationRole, string> = {
	member: 'Member',
	squad_leader: 'Squad leader'
};

/** A person's membership of an agency, from start to (optional) end. */
export const affiliationSchema = v.pipe(
	v.object({
		id: recordId,
		emsNumber,
		agencyNumber,
		role: v.picklist(AFFILIATION_ROLES, 'Role: choose member or squad leader.'),
		startedOn: isoDate('Start date'),
		endedOn: optionalIsoDate('End date')
	}),
	v.forward(
		v.check((a) => a.endedOn === null || a.endedOn >= a.startedOn, 'End date cannot be before the start date.'),
		['endedOn']
	)
);
export type Affiliation = v.InferOutput<typeof affiliationSchema>;

export const isCurrent = (a: Pick<Affiliation, 'endedOn'>, today: string): boolean =>
	a.endedOn === null || a.endedOn >= today;

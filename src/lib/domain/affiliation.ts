import * as v from 'valibot';
import { agencyNumber } from './agency';
import { emsNumber, isoDate, optionalIsoDate, recordId } from './fields';

import { AFFILIATION_ROLES } from './affiliation-roles';

export { AFFILIATION_ROLES, AFFILIATION_ROLE_NAMES, isCurrent } from './affiliation-roles';
export type { AffiliationRole } from './affiliation-roles';

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

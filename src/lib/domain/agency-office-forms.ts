import * as v from 'valibot';
import { agencyNumber, AGENCY_TYPES } from './agency';
import { email, mailingAddressSchema, optionalText, phone, requiredText } from './fields';

/**
 * What the office may change on an agency's record (issue 13): every fact the record holds except its number
 * and its license, which changes only by renewal. The same field rules as the agency schema (agency.ts), flat as
 * the form posts them.
 */
export const AGENCY_FACT_FIELDS = ['name', 'type', 'parentNumber', 'contactPerson', 'medicalDirector', 'phone', 'email', 'street', 'street2', 'city', 'state', 'zip'] as const;
export type AgencyFactField = (typeof AGENCY_FACT_FIELDS)[number];

export const agencyFactsSchema = v.pipe(
	v.object({
		name: requiredText('Agency name', 120),
		type: v.picklist(AGENCY_TYPES, 'Agency type is not one North Dakota licenses.'),
		parentNumber: v.pipe(
			v.string(),
			v.trim(),
			v.toUpperCase(),
			v.transform((s) => (s === '' ? null : s)),
			v.nullable(agencyNumber)
		),
		contactPerson: optionalText('Primary contact person', 120),
		medicalDirector: optionalText('Medical director', 120),
		phone: phone('Agency phone'),
		email,
		...mailingAddressSchema.entries
	}),
	v.forward(
		v.check((a) => (a.type === 'als_substation') === (a.parentNumber !== null), 'A substation names its parent ALS service, and only a substation does.'),
		['parentNumber']
	)
);
export type AgencyFacts = v.InferOutput<typeof agencyFactsSchema>;

/** The revision of the agency the form was filled from: a change made since then is not overwritten. */
export const baseRevisionSchema = v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'Reload the page: the form is missing what it was filled from.'), v.transform(Number));

/** Renewing names the expiration the staff member saw, so two renewals at once cannot add two cycles. */
export const agencyRenewSchema = v.object({
	expiresOn: v.pipe(v.string(), v.isoDate('Reload the page: the form is missing the current expiration.'))
});

/** Granting or removing the squad-leader role names a person by ND EMS #. */
export const squadLeaderSchema = v.object({
	emsNumber: v.pipe(v.string('ND EMS # is required.'), v.trim(), v.nonEmpty('ND EMS # is required.'), v.regex(/^\d{4,8}$/, 'ND EMS # is 4 to 8 digits.'))
});

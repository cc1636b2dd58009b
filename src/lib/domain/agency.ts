import * as v from 'valibot';
import { email, isoDate, mailingAddressSchema, optionalText, phone, requiredText } from './fields';

/** North Dakota licenses these kinds of EMS agency. */
export const AGENCY_TYPES = ['bls_ground', 'als_ground', 'als_substation', 'quick_response_unit', 'air_ambulance'] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

export const AGENCY_TYPE_NAMES: Record<AgencyType, string> = {
	bls_ground: 'BLS ground ambulance',
	als_ground: 'ALS ground ambulance',
	als_substation: 'ALS ground ambulance substation',
	quick_response_unit: 'Quick response unit',
	air_ambulance: 'Air ambulance'
};

/** Services whose agency page names a medical director: advanced life support (ALS ground, its substations, air). */
export const hasMedicalDirector = (type: string): boolean => type === 'als_ground' || type === 'als_substation' || type === 'air_ambulance';

/** Quick response units do not transport patients. */
export const transports = (type: AgencyType): boolean => type !== 'quick_response_unit';

export const agencyNumber = v.pipe(
	v.string('Agency number is required.'),
	v.trim(),
	v.regex(/^A\d{4}$/, 'Agency number looks like A0123.')
);

export const agencyContactSchema = v.object({
	phone: phone('Agency phone'),
	email,
	address: mailingAddressSchema
});
export type AgencyContact = v.InferOutput<typeof agencyContactSchema>;

export const agencySchema = v.pipe(
	v.object({
		number: agencyNumber,
		name: requiredText('Agency name', 120),
		type: v.picklist(AGENCY_TYPES, 'Agency type is not one North Dakota licenses.'),
		/** A substation belongs to an ALS ground ambulance service. */
		parentNumber: v.nullish(agencyNumber, null),
		...agencyContactSchema.entries,
		licenseNumber: v.pipe(v.string('License number is required.'), v.trim(), v.regex(/^AL-\d{4,6}$/, 'Agency license number looks like AL-0123.')),
		licenseExpiresOn: isoDate('License expiration'),
		/** Who to call at the agency; kept by the office (007-agency-roster). */
		contactPerson: optionalText('Primary contact person', 120),
		/** ALS and AEMT-level services have one; kept by the office. */
		medicalDirector: optionalText('Medical director', 120)
	}),
	v.forward(
		v.check((a) => (a.type === 'als_substation') === (a.parentNumber !== null), 'A substation names its parent ALS service, and only a substation does.'),
		['parentNumber']
	)
);
export type Agency = v.InferOutput<typeof agencySchema>;

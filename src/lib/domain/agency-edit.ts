import { formatUsPhone } from './format';
import { agencyContactSchema } from './agency';
import { AGENCY_CONTACT_FIELDS } from './sync-tables';
import { validate, type FieldErrors, type Validated } from './validation';

/**
 * The agency contact form (phone, email, mailing address): checked with the shared agency schema, the same rules
 * and messages as the licensee's contact form and the server (sync-validation.ts), and only changed fields queued.
 */
export type AgencyContactField = (typeof AGENCY_CONTACT_FIELDS)[number];
export type AgencyContactForm = Record<AgencyContactField, string>;

export function agencyContactFormFrom(agency: { [F in AgencyContactField]: string | null | undefined }): AgencyContactForm {
	const form = {} as AgencyContactForm;
	for (const f of AGENCY_CONTACT_FIELDS) form[f] = f === 'phone' ? formatUsPhone(agency[f]) : (agency[f] ?? '');
	return form;
}

export function validateAgencyContactForm(form: AgencyContactForm): Validated<Record<AgencyContactField, string | null>> {
	const { street, street2, city, state, zip, phone, email } = form;
	const result = validate(agencyContactSchema, { phone, email, address: { street, street2, city, state, zip } });
	if (!result.ok) {
		const errors: FieldErrors = {};
		for (const [path, message] of Object.entries(result.errors)) errors[path.replace(/^address\./, '')] ??= message;
		return { ok: false, errors };
	}
	const { address, ...contact } = result.value;
	return { ok: true, value: { ...contact, ...address } };
}

import * as v from 'valibot';
import { formatUsPhone, requiredText } from './fields';
import { contactInformationSchema, personNameSchema } from './person';
import { PERSON_CONTACT_FIELDS, PERSON_NAME_FIELDS } from './sync-tables';
import { validate, type FieldErrors, type Validated } from './validation';

/**
 * The Edit page's two sections as forms: what is typed (strings), how it is checked (the shared person
 * schemas, whole, so the page says what the server would say) and which fields actually changed — only those
 * are queued, so an unchanged field can never overwrite a change made on another device.
 */

export type ContactField = (typeof PERSON_CONTACT_FIELDS)[number];
export type NameField = (typeof PERSON_NAME_FIELDS)[number];
export const CONTACT_FIELDS = PERSON_CONTACT_FIELDS;
export const NAME_FIELDS = PERSON_NAME_FIELDS;

export type ContactForm = Record<ContactField, string>;
export type NameForm = Record<NameField | 'reason', string>;

type StoredContact = { [F in ContactField]: string | null | undefined };
type StoredName = { [F in NameField]: string | null | undefined };

/** The form as first shown: the stored values, phones as people write them. */
export function contactFormFrom(person: StoredContact): ContactForm {
	const form = {} as ContactForm;
	for (const f of CONTACT_FIELDS) form[f] = f.endsWith('Phone') ? formatUsPhone(person[f]) : (person[f] ?? '');
	return form;
}

export function nameFormFrom(person: StoredName): NameForm {
	const form = { reason: '' } as NameForm;
	for (const f of NAME_FIELDS) form[f] = person[f] ?? '';
	return form;
}

/** Checks the whole contact section; errors are keyed by the flat field names the form uses. */
export function validateContactForm(form: ContactForm): Validated<Record<ContactField, string | null>> {
	const { street, street2, city, state, zip, ...rest } = form;
	const result = validate(contactInformationSchema, { ...rest, mailingAddress: { street, street2, city, state, zip } });
	if (!result.ok) {
		const errors: FieldErrors = {};
		for (const [path, message] of Object.entries(result.errors)) errors[path.replace(/^mailingAddress\./, '')] ??= message;
		return { ok: false, errors };
	}
	const { mailingAddress, ...contact } = result.value;
	return { ok: true, value: { ...contact, ...mailingAddress } };
}

export const REASON_MAX = 500;
const nameChangeSchema = v.object({
	...personNameSchema.entries,
	reason: requiredText('Reason for the change', REASON_MAX)
});

export function validateNameForm(form: NameForm): Validated<Record<NameField, string | null> & { reason: string }> {
	return validate(nameChangeSchema, form);
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || ((a ?? '') === '' && (b ?? '') === '');

/** The fields whose checked value differs from what is stored; an empty object when nothing changed. */
export function changedFields<F extends string>(
	stored: { [K in F]?: string | null },
	checked: { [K in F]: string | null },
	fields: readonly F[]
): Partial<Record<F, string | null>> {
	const changes: Partial<Record<F, string | null>> = {};
	for (const f of fields) if (!same(stored[f], checked[f])) changes[f] = checked[f];
	return changes;
}

export const NOTHING_CHANGED = {
	contact: 'Change at least one field, or choose “No” for Contact information.',
	name: 'Enter your new name, or choose “No” for Name.'
} as const;

/** Order in which fields are shown, for focusing the first invalid one and listing errors at the top. */
export const FIELD_ORDER: readonly string[] = [...NAME_FIELDS, 'reason', 'document', ...CONTACT_FIELDS];

export function firstInvalid(errors: FieldErrors): string | null {
	return FIELD_ORDER.find((f) => f in errors) ?? Object.keys(errors)[0] ?? null;
}

import { CONTACT_FIELDS, contactFormFrom, NAME_FIELDS, nameFormFrom, type ContactForm, type NameForm } from './person-edit';
import type { FieldErrors } from './validation';

/**
 * A change the registry refused, opened again in Edit: the forms hold what the person had typed (on top of the
 * record as it is now), the sections it touched are answered "Yes", and the server's field errors stand next to
 * their fields. Only changes to the person's own name or contact information can be opened this way.
 */

export interface RefusedChange {
	table: string;
	recordId: string;
	op: string;
	changes: Record<string, unknown>;
	errors?: FieldErrors;
	/** The reason the person gave for a name change request. */
	requestReason?: string;
}

export interface RefusedForms {
	contact: ContactForm;
	name: NameForm;
	changeContact: boolean;
	changeName: boolean;
	errors: FieldErrors;
}

const EDITABLE = new Set<string>([...CONTACT_FIELDS, ...NAME_FIELDS]);

/** Whether Edit can show this refused change for correction. */
export function canCorrectInEdit(refused: RefusedChange, ownEmsNumber: string | null | undefined): boolean {
	const fields = Object.keys(refused.changes);
	return refused.table === 'persons' && refused.op === 'update' && refused.recordId === ownEmsNumber && fields.length > 0 && fields.every((f) => EDITABLE.has(f));
}

type Stored = Parameters<typeof contactFormFrom>[0] & Parameters<typeof nameFormFrom>[0];

export function formsFromRefusal(person: Stored, refused: RefusedChange): RefusedForms {
	const typed = (fields: readonly string[]) => Object.fromEntries(Object.entries(refused.changes).filter(([f]) => fields.includes(f))) as Partial<Stored>;
	const contactTyped = typed(CONTACT_FIELDS);
	const nameTyped = typed(NAME_FIELDS);
	const name = nameFormFrom({ ...person, ...nameTyped });
	name.reason = refused.requestReason ?? '';
	return {
		contact: contactFormFrom({ ...person, ...contactTyped }),
		name,
		changeContact: Object.keys(contactTyped).length > 0,
		changeName: Object.keys(nameTyped).length > 0,
		errors: Object.fromEntries(Object.entries(refused.errors ?? {}).filter(([f]) => EDITABLE.has(f)))
	};
}

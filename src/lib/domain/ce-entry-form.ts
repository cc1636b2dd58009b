import * as v from 'valibot';
import { CE_ENTRY_FIELDS } from './ce-entry';
import type { FieldErrors } from './validation';

/**
 * The CE log form as typed (all strings, as inputs hold them) and its check: the same field rules the server
 * applies (ce-entry.ts), plus the date against the person's own calendar day, with each message for its field.
 */
export interface CeForm {
	title: string;
	provider: string;
	completedOn: string;
	hours: string;
	format: string;
	component: string;
	topic: string;
	pediatric: 'yes' | 'no';
	courseNumber: string;
}

export interface CeFormValue {
	title: string;
	provider: string;
	completedOn: string;
	hours: number;
	format: 'F1' | 'F2' | 'F3' | 'F4' | 'F5';
	component: 'national' | 'local' | 'individual' | null;
	topic: 'airway' | 'cardiovascular' | 'trauma' | 'medical' | 'operations' | null;
	pediatric: number;
	courseNumber: string | null;
}

export const CE_FORM_ORDER = ['title', 'provider', 'completedOn', 'hours', 'format', 'component', 'topic', 'courseNumber'] as const;

export function checkCeForm(form: CeForm, today: string): { ok: true; value: CeFormValue } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const value: Record<string, unknown> = {};
	const raw: Record<string, unknown> = { ...form, pediatric: form.pediatric === 'yes' };
	for (const field of [...CE_FORM_ORDER, 'pediatric'] as const) {
		const result = v.safeParse(CE_ENTRY_FIELDS[field], raw[field]);
		if (result.success) value[field] = result.output;
		else errors[field] = result.issues[0].message;
	}
	if (!form.component) errors.component ??= 'Choose National, Local or Individual.';
	if (!errors.completedOn && form.completedOn.trim() > today) errors.completedOn = 'Date completed cannot be in the future.';
	if (value.component === 'national' && !value.topic) errors.topic ??= 'A National entry needs its topic.';
	if (value.component !== 'national') value.topic = null;
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: value as unknown as CeFormValue };
}

import * as v from 'valibot';

/** Field path → first message, the shape forms show beside each field. */
export type FieldErrors = Record<string, string>;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Validates with a shared schema and returns messages keyed by dotted field path ("mailingAddress.zip"). */
export function validate<S extends v.GenericSchema>(schema: S, input: unknown): Validated<v.InferOutput<S>> {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const key = v.getDotPath(issue) ?? '';
		if (!(key in errors)) errors[key] = issue.message;
	}
	return { ok: false, errors };
}

import * as v from 'valibot';

/**
 * Whether a value holds U+0000 anywhere (strings, and inside arrays and objects). No keyboard types it, and
 * PostgreSQL refuses it in any text parameter, so a value holding it would fail as a server error — or, pushed
 * from a device, as a change retried forever. Entry points refuse it with a sentence instead.
 */
export function holdsNul(value: unknown): boolean {
	if (typeof value === 'string') return value.includes('\u0000');
	if (Array.isArray(value)) return value.some(holdsNul);
	if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v));
	return false;
}

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
		if (!(key in errors)) errors[key] = readableMessage(issue);
	}
	return { ok: false, errors };
}

/**
 * Field schemas carry their own messages, but a key missing from the input never reaches its field schema:
 * valibot's object reports it as "Invalid key: Expected …", which no person should read.
 */
function readableMessage(issue: v.GenericIssue): string {
	if (issue.type === 'object' || issue.type === 'loose_object' || issue.type === 'strict_object') {
		if (issue.expected?.startsWith('"') && issue.received === 'undefined') return 'This field is required.';
		if (issue.kind === 'schema' && issue.expected === 'Object') return 'Please fill in the form and try again.';
	}
	return issue.message;
}

import * as v from 'valibot';
import { auditFilterSchema, type AuditFilter } from './audit-log';

export const FILTER_NAMES = ['person', 'agency', 'kind', 'from', 'to', 'before', 'after'] as const;

/** The log's filters from a query string: the typed values (kept for the form) and, when valid, the filter. */
export function auditFilterFrom(url: URL): { values: Record<string, string>; filter: AuditFilter | null; errors: Record<string, string> } {
	const values = Object.fromEntries(FILTER_NAMES.map((n) => [n, (url.searchParams.get(n) ?? '').slice(0, 100)]));
	const parsed = v.safeParse(auditFilterSchema, values);
	if (parsed.success) {
		if (parsed.output.from && parsed.output.to && parsed.output.to < parsed.output.from) return { values, filter: null, errors: { to: 'The end date is before the start date.' } };
		return { values, filter: parsed.output, errors: {} };
	}
	const nested = v.flatten(parsed.issues).nested ?? {};
	return { values, filter: null, errors: Object.fromEntries(Object.entries(nested).map(([k, m]) => [k, m?.[0] ?? 'Check this value.'])) };
}

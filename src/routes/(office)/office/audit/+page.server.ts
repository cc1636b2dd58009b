import { appDatabase } from '$lib/server/app-database';
import { AUDIT_KINDS, auditPage } from '$lib/server/office/audit-log';
import { auditFilterFrom } from '$lib/server/office/audit-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const { values, filter, errors } = auditFilterFrom(url);
	const kinds = Object.entries(AUDIT_KINDS).map(([kind, k]) => ({ kind, label: k.label }));
	if (!filter) return { values, errors, kinds, page: null };
	const { db } = await appDatabase();
	return { values, errors, kinds, page: await auditPage(db, filter) };
};

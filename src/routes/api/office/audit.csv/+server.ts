import { error } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { audit } from '$lib/server/auth/audit';
import { auditCsv } from '$lib/server/office/audit-log';
import { auditFilterFrom } from '$lib/server/office/audit-query';
import type { RequestHandler } from './$types';

/** GET /api/office/audit.csv?person=&agency=&kind=&from=&to= — the filtered log as CSV (office staff only: access.ts). */
export const GET: RequestHandler = async ({ url, locals, getClientAddress }) => {
	const { filter, errors } = auditFilterFrom(url);
	if (!filter) error(400, Object.values(errors)[0] ?? 'Check the filters.');
	const { db } = await appDatabase();
	// Who took a copy of the log, and of what, is itself worth keeping.
	await audit(db, { event: 'audit_exported', accountId: locals.user!.accountId, ip: getClientAddress(), detail: { person: filter.person, agency: filter.agency, kind: filter.kind, from: filter.from, to: filter.to } });
	const name = `audit-log-${new Date().toISOString().slice(0, 10)}.csv`;
	return new Response(auditCsv(db, { ...filter, before: '', after: '' }), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' }
	});
};

import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { emsNumber } from '$lib/domain/fields';
import { unknownPerson } from '$lib/domain/roster';
import { appDatabase } from '$lib/server/app-database';
import { lookUpMember } from '$lib/server/agency/member-lookup';
import { audit } from '$lib/server/auth/audit';
import { hitRateLimit } from '$lib/server/verify/rate-limit';
import type { RequestHandler } from './$types';

/** A squad leader looks up a handful of people at a time; anything more is someone walking the registry. */
const LOOKUPS_PER_MINUTE = 20;

/**
 * "Add a member": the public facts of the person an ND EMS # names, for a squad leader of this agency (or office
 * staff; hooks.server.ts has already refused everyone else, and audited it). Rate-limited per account, and each
 * look-up is audited with what was asked and whether someone was found.
 */
export const GET: RequestHandler = async ({ params, url, locals, getClientAddress }) => {
	const user = locals.user!;
	if (!/^A\d{4}$/.test(params.number)) error(404, 'No such agency.');
	const parsed = v.safeParse(emsNumber, url.searchParams.get('ems') ?? '');
	if (!parsed.success) return json({ message: parsed.issues[0].message, field: 'emsNumber' }, { status: 400 });
	const { db } = await appDatabase();
	const limit = await hitRateLimit(db, `member-lookup:${user.accountId}`, { limit: LOOKUPS_PER_MINUTE, windowSeconds: 60 });
	let ip: string | null = null;
	try {
		ip = getClientAddress();
	} catch {
		ip = null;
	}
	if (!limit.allowed) {
		await audit(db, { event: 'access_refused', accountId: user.accountId, ip, detail: { route: 'member-lookup', agency: params.number, reason: 'rate limited' } });
		return json(
			{ message: `Too many look-ups in a minute. Wait ${limit.retryAfter} seconds and try again.` },
			{ status: 429, headers: { 'Retry-After': String(limit.retryAfter) } }
		);
	}
	const today = new Date().toISOString().slice(0, 10);
	const found = await lookUpMember(db, params.number, parsed.output, today);
	await audit(db, { event: 'person_lookup', accountId: user.accountId, ip, detail: { agency: params.number, emsNumber: parsed.output, found: found !== null } });
	if (!found) return json({ message: unknownPerson(parsed.output), field: 'emsNumber' }, { status: 404 });
	return json(found, { headers: { 'Cache-Control': 'private, no-store' } });
};

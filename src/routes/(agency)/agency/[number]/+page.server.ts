import { error } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import type { PageServerLoad } from './$types';

/** Access (squad leader of this agency, or office) was decided in hooks.server.ts; this only finds the agency. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await appDatabase();
	const agency = await db
		.selectFrom('agencies')
		.select(['number', 'name'])
		.where('number', '=', params.number)
		.where('deletedAt', 'is', null)
		.executeTakeFirst();
	if (!agency) error(404, 'No such agency.');
	return { agency, asOffice: locals.user?.role === 'office' };
};

import { appDatabase } from '$lib/server/app-database';
import { officeReports } from '$lib/server/office/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await appDatabase();
	return { reports: await officeReports(db) };
};

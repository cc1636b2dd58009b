import { appDatabase } from '$lib/server/app-database';
import { searchAgencies, searchPeople } from '$lib/server/office/people-search';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	if (q.trim().length < 2) return { q, people: [], agencies: [], searched: false };
	const { db } = await appDatabase();
	const [people, agencies] = await Promise.all([searchPeople(db, q), searchAgencies(db, q)]);
	return { q, people, agencies, searched: true };
};

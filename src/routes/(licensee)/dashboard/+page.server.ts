import { appDatabase } from '$lib/server/app-database';
import type { PageServerLoad } from './$types';

/** A first, minimal dashboard: who is signed in and where they can go. The record itself comes with a later issue. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const { db } = await appDatabase();
	const person = user.emsNumber
		? await db.selectFrom('persons').select(['firstName', 'lastName']).where('emsNumber', '=', user.emsNumber).executeTakeFirst()
		: undefined;
	const credential = user.emsNumber
		? await db
				.selectFrom('credentials')
				.select(['level'])
				.where('emsNumber', '=', user.emsNumber)
				.where('deletedAt', 'is', null)
				.orderBy('expiresOn', 'desc')
				.executeTakeFirst()
		: undefined;
	const agencies = user.leaderOf.length
		? await db.selectFrom('agencies').select(['number', 'name']).where('number', 'in', user.leaderOf).orderBy('name').execute()
		: [];
	return {
		name: person ? `${person.firstName} ${person.lastName}` : user.email,
		emsNumber: user.emsNumber,
		level: credential?.level ?? null,
		agencies: user.leaderOf.map((number) => ({ number, name: agencies.find((a) => a.number === number)?.name ?? `Agency ${number}` }))
	};
};

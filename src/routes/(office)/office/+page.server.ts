import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ email: locals.user!.email });

import { redirect } from '@sveltejs/kit';
import { signedInHome } from '$lib/client/signed-in-home';
import { onSitePath } from '$lib/domain/return-path';
import type { PageLoad } from './$types';

// A signed-in person who reaches the sign-in form (the start page's "Licensee Dashboard", the installed app's
// start, an old bookmark) goes on to where they work, online or offline; only a signed-out person sees the form.
export const load: PageLoad = async ({ fetch, url }) => {
	const home = await signedInHome(fetch);
	if (home) redirect(307, onSitePath(url.searchParams.get('next')) || home);
	return {};
};

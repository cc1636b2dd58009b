// Signs a bench browser context in as the demo Paramedic (100002) with one form post, without loading any page:
// the measured page load then is the route's own first load, not one warmed by the login page.

const PARAMEDIC = { identifier: '100002', password: 'Demo-Paramedic-2026!' };

/** @param {import('@playwright/test').Page} page @param {string} baseURL */
export async function signInAsParamedic(page, baseURL) {
	const origin = new URL(baseURL).origin;
	const response = await page.request.post(`${baseURL}/login`, {
		form: PARAMEDIC,
		// SvelteKit refuses cross-site form posts; a browser sends its origin with every form post.
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	if (response.status() !== 303) throw new Error(`sign-in answered ${response.status()}, expected 303 (is the demo data loaded?)`);
}

import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

/**
 * The compact QR link, `HTTPS://HOST/V/<digits>`, spelt in capitals so the whole link is QR-alphanumeric. A
 * universal load, so the redirect also happens in the browser when the offline shell answers the scan.
 */
export const load: PageLoad = ({ params }) => {
	redirect(307, /^\d+$/.test(params.c) ? `/verify?c=${params.c}` : '/verify');
};

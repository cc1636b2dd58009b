import type { PublicRecord } from '$lib/domain/license-for-print';
import type { PageLoad } from './$types';

export type LookupResult = { records: PublicRecord[] } | { error: string };

/**
 * No server load: this page must render from the offline shell. The signature is checked in the component
 * (WebCrypto); only the lookup form asks the server here, and says so when there is no network.
 */
export const load: PageLoad = async ({ url, fetch }) => {
	const token = url.searchParams.get('c');
	const q = url.searchParams.get('q')?.trim() ?? '';
	let lookup: LookupResult | null = null;
	if (q) {
		try {
			const response = await fetch(`/api/verify/lookup?q=${encodeURIComponent(q)}`);
			if (response.status === 429) lookup = { error: 'Too many lookups from this network. Try again in a minute.' };
			else if (!response.ok) lookup = { error: 'Enter a license or certification number (like EMT-012345) or an ND EMS # (like 100002).' };
			else lookup = (await response.json()) as LookupResult;
		} catch {
			lookup = { error: 'You are offline. Looking up a license needs a connection; scanning a card’s code does not.' };
		}
	}
	return { token, q, lookup };
};

import * as v from 'valibot';
import { licenseForPrintSchema, type LicenseForPrint } from '$lib/domain/license-for-print';

const STORAGE_KEY = 'ems-registry:license-for-print';

export type LicenseSource =
	| { ok: true; license: LicenseForPrint; from: 'server' | 'device' }
	| { ok: false; reason: 'signed-out' | 'no-license' | 'offline' | 'failed'; message: string };

function kept(): LicenseForPrint | null {
	try {
		const parsed = v.safeParse(licenseForPrintSchema, JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}

/**
 * The signed license to print: from the server when it answers, kept on the device for printing offline.
 * (The device database will take over keeping it; callers only see this function.)
 */
export async function loadLicenseForPrint(fetchFn: typeof fetch = fetch): Promise<LicenseSource> {
	let response: Response;
	try {
		response = await fetchFn('/api/credentials/signed', { cache: 'no-store', credentials: 'same-origin' });
	} catch {
		const license = kept();
		return license
			? { ok: true, license, from: 'device' }
			: { ok: false, reason: 'offline', message: 'You are offline and this device has no copy of your license yet. Open this page once while online.' };
	}
	if (response.status === 401) {
		// A signed-out device must not keep printing someone's license.
		localStorage.removeItem(STORAGE_KEY);
		return { ok: false, reason: 'signed-out', message: 'Sign in to print your license.' };
	}
	if (response.status === 404) return { ok: false, reason: 'no-license', message: 'No license or certification is on record for you.' };
	const parsed = response.ok ? v.safeParse(licenseForPrintSchema, await response.json().catch(() => null)) : null;
	if (!parsed?.success) {
		const license = kept();
		return license ? { ok: true, license, from: 'device' } : { ok: false, reason: 'failed', message: 'Your license could not be loaded. Try again.' };
	}
	localStorage.setItem(STORAGE_KEY, JSON.stringify(parsed.output));
	return { ok: true, license: parsed.output, from: 'server' };
}

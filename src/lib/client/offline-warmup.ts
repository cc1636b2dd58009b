/**
 * Printing must work offline, but jsPDF is too large to precache for every visitor. Once a device holds a
 * signed-in person's data, fetch the PDF code in the background while online; the service worker keeps it
 * (runtime cache for /_app/immutable/), so Print works later without signal.
 */
let warmed = false;

export function warmPrintingForOffline(delayMs = 8000): void {
	if (warmed || typeof window === 'undefined' || !navigator.onLine) return;
	warmed = true;
	setTimeout(() => {
		const load = () => void import('./pdf/license-pdf').catch(() => (warmed = false));
		if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 10_000 });
		else load();
	}, delayMs);
}

import { myCeLog } from '$lib/client/ce-log-query';
import type { LocalCredential } from '$lib/client/device-db';
import { localToday } from '$lib/client/my-record';
import { recertPlan, recertProgress, recertSummary } from '$lib/domain/recert-progress';

/** Loaded lazily by RecertSummary.svelte: the one line from the CE log, kept current by its live query. */
export function watchRecertSummary(credential: LocalCredential | null, show: (line: string) => void): () => void {
	const plan = recertPlan(credential);
	if (!plan) {
		show('No recertification to track for this record.');
		return () => {};
	}
	const subscription = myCeLog().subscribe((log) => {
		if (log) show(recertSummary(recertProgress(plan, log.entries, localToday())));
	});
	return () => subscription.unsubscribe();
}

import { recertPlan, recertProgress, type CeRow } from '../../domain/recert-progress';
import type { Db } from '../db';

/**
 * The server's own verdict on an EMR's continuing education (the renewal page shows the device's): the person's CE
 * entries as the server holds them — what their devices synced — evaluated under the state's model for EMRs
 * (the 2016 NCCP model, recert-models.ts STATE_MODEL_RULES) for the cycle ending at the credential's expiration.
 * Returns the sentence that refuses the application, or null when the hours are complete.
 */
export async function ceIncompleteFor(
	trx: Db,
	credential: { emsNumber: string; level: string; expiresOn: string; nremtExpiresOn: string | null },
	today: string
): Promise<string | null> {
	const plan = recertPlan(credential);
	if (!plan) return 'This credential’s continuing education cannot be checked online; contact the state EMS office.';
	const rows = await trx
		.selectFrom('ceEntries')
		.select(['id', 'title', 'provider', 'completedOn', 'hours', 'format', 'component', 'topic', 'pediatric', 'courseNumber'])
		.where('emsNumber', '=', credential.emsNumber)
		.where('deletedAt', 'is', null)
		.execute();
	const progress = recertProgress(plan, rows.map((r) => ({ ...r, hours: Number(r.hours) }) as CeRow), today);
	if (progress.result.complete) return null;
	return `Your continuing education is not complete under the ${progress.modelName}${progress.missing.length ? `: ${progress.missing.join(' ')}` : '.'}`;
}

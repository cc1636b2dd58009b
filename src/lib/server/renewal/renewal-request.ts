import { nremtExpirationProblem, parseRenewalStatement, renewedExpiresOn } from '../../domain/renewal-application';
import { mayRenew, renewalWindow, windowSentence } from '../../domain/renewal-window';
import type { Db } from '../db';
import { ceIncompleteFor } from './renewal-ce-check';

export type PreparedRenewal =
	| { ok: true; emsNumber: string; changes: Record<string, unknown> }
	| { ok: false; reason: string; errors?: Record<string, string> };

export const ONE_PER_CYCLE = 'A renewal for this expiration was already submitted; you can submit again only if the office returns it.';

/**
 * Checks a renewal application that arrived through sync (apply.ts files it as a change request of kind
 * 'renewal') and returns what the office reads and what approval applies: the credential, its current and new
 * expirations, the attestations and the agency. Runs inside the push transaction, which holds the revision lock,
 * so two submissions of the same cycle at once are decided one after the other and the second is refused.
 */
export async function prepareRenewalRequest(
	trx: Db,
	credential: Readonly<Record<string, unknown>>,
	changes: Readonly<Record<string, unknown>>,
	reason: string | undefined,
	now: string
): Promise<PreparedRenewal> {
	const today = now.slice(0, 10);
	const c = {
		id: String(credential.id),
		emsNumber: String(credential.emsNumber),
		level: String(credential.level),
		number: String(credential.number),
		status: String(credential.status),
		expiresOn: String(credential.expiresOn),
		nremtExpiresOn: typeof credential.nremtExpiresOn === 'string' ? credential.nremtExpiresOn : null
	};
	const window = renewalWindow(c, today);
	if (!window || !mayRenew(window)) return { ok: false, reason: `Not sent: ${window ? windowSentence(window) : 'this credential cannot be renewed online.'}` };
	const statement = parseRenewalStatement(reason);
	if (!statement) return { ok: false, reason: 'Not sent: the application’s statements are missing. Open Renew and submit again.' };
	const errors: Record<string, string> = {};
	if (!statement.criminalHistory) errors.criminalHistory = 'Confirm the criminal history statement.';
	if (!statement.practiceLimitations) errors.practiceLimitations = 'Confirm the practice limitations statement.';
	let nremtExpiresOn: string | null = null;
	if (c.level !== 'EMR') {
		nremtExpiresOn = String(changes.nremtExpiresOn ?? '');
		const problem = nremtExpirationProblem(nremtExpiresOn, c.nremtExpiresOn, today);
		if (problem) errors.nremtExpiresOn = problem;
	}
	const newExpiresOn = renewedExpiresOn(c, nremtExpiresOn, today);
	if (c.level === 'EMR' && changes.expiresOn !== newExpiresOn) errors.expiresOn = `An EMR certification renews to ${newExpiresOn}.`;
	// An EMR renews on CE hours: the server counts them again from the entries it holds, not the device's word.
	if (c.level === 'EMR') {
		const ce = await ceIncompleteFor(trx, c, today);
		if (ce) errors.ce = ce;
	}
	const member = await trx
		.selectFrom('affiliations')
		.select('id')
		.where('emsNumber', '=', c.emsNumber)
		.where('agencyNumber', '=', statement.agencyNumber)
		.where('deletedAt', 'is', null)
		.where((eb) => eb.or([eb('endedOn', 'is', null), eb('endedOn', '>=', today)]))
		.executeTakeFirst();
	if (!member) errors.agencyNumber = 'Choose an agency you are a current member of.';
	if (Object.keys(errors).length) return { ok: false, reason: `Not sent: ${[...new Set(Object.values(errors))].join(' ')}`, errors };

	const earlier = await trx
		.selectFrom('changeRequests')
		.select('changes')
		.where('emsNumber', '=', c.emsNumber)
		.where('kind', '=', 'renewal')
		.where('status', 'in', ['pending', 'approved'])
		.where('deletedAt', 'is', null)
		.execute();
	const sameCycle = earlier.some((r) => {
		try {
			const x = JSON.parse(r.changes) as Record<string, unknown>;
			return x.credentialId === c.id && x.currentExpiresOn === c.expiresOn;
		} catch {
			return false;
		}
	});
	if (sameCycle) return { ok: false, reason: ONE_PER_CYCLE };

	return {
		ok: true,
		emsNumber: c.emsNumber,
		changes: {
			credentialId: c.id,
			number: c.number,
			level: c.level,
			currentExpiresOn: c.expiresOn,
			currentNremtExpiresOn: c.nremtExpiresOn,
			...(nremtExpiresOn ? { nremtExpiresOn } : {}),
			newExpiresOn,
			criminalHistory: statement.criminalHistory,
			practiceLimitations: statement.practiceLimitations,
			agencyNumber: statement.agencyNumber
		}
	};
}

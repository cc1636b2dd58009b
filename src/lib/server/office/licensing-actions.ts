import type { LicenseForPrint } from '../../domain/license-for-print';
import { firstExpiration, LICENSE_PREFIX, renewedExpiration } from '../../domain/license-cycle';
import { LEVELS, requiresNremt, type Level } from '../../domain/levels';
import { parseFieldRevisions, stampFieldRevisions } from '../../domain/sync-conflicts';
import type { Db } from '../db';
import { lockRevisions, nextRevision } from '../db/revision';
import { audit, type AuditEvent } from '../auth/audit';
import { signedLicenseFor } from '../credentials/signed-license';
import type { SigningKey } from '../credentials/signing-key';
import { OFFICE_CLIENT_ID } from './review-kinds';

export type LicensingAction =
	| { action: 'suspend' | 'revoke'; credentialId: string; reason: string }
	| { action: 'restore'; credentialId: string; reason: string }
	| { action: 'renew'; credentialId: string }
	| { action: 'issue'; emsNumber: string; level: Level; nremtNumber: string | null };

export interface LicensingContext {
	staffAccountId: string;
	ip?: string | null;
	now?: Date;
	/** Re-signs the person's printable license after the change (what devices print and the QR verifies). */
	signing?: { key: SigningKey; origin: string };
}

export type LicensingResult =
	| { ok: true; emsNumber: string; credentialId: string; message: string; signed: LicenseForPrint | null }
	| { ok: false; reason: string; field?: string };

const EVENTS: Record<LicensingAction['action'], AuditEvent> = {
	suspend: 'credential_suspended',
	revoke: 'credential_revoked',
	restore: 'credential_restored',
	renew: 'credential_renewed',
	issue: 'credential_issued'
};

class Refusal extends Error {
	constructor(
		readonly reason: string,
		readonly field?: string
	) {
		super(reason);
	}
}

const REASON_REQUIRED = 'Give the reason; it is kept with the license and in the audit log.';

/**
 * One licensing action in one transaction, under the revision lock like sync writes: the credential's new state
 * and revision (so the person's device pulls it with a freshly signed license), field revisions kept, and the
 * audit row. The public verify status reads the same row, so it shows the change at once.
 */
export async function applyLicensingAction(db: Db, input: LicensingAction, ctx: LicensingContext): Promise<LicensingResult> {
	const now = ctx.now ?? new Date();
	const at = now.toISOString();
	const today = at.slice(0, 10);
	const reason = 'reason' in input ? input.reason.trim() : '';
	try {
		if ((input.action === 'suspend' || input.action === 'revoke') && reason === '') throw new Refusal(REASON_REQUIRED, 'reason');
		if (reason.length > 500) throw new Refusal('Keep the reason under 500 characters.', 'reason');
		const done = await db.transaction().execute(async (trx) => {
			await lockRevisions(trx);
			const revision = await nextRevision(trx);
			const changed = await change(trx, revision);
			await audit(
				trx,
				{
					event: EVENTS[input.action],
					accountId: ctx.staffAccountId,
					ip: ctx.ip,
					emsNumber: changed.emsNumber,
					detail: { credentialId: changed.credentialId, number: changed.number, ...(reason ? { reason: reason.slice(0, 200) } : {}) }
				},
				now
			);
			return changed;
		});
		const signed = ctx.signing ? await signedLicenseFor(db, ctx.signing.key, done.emsNumber, ctx.signing.origin, now) : null;
		return { ok: true, emsNumber: done.emsNumber, credentialId: done.credentialId, message: done.message, signed };

		async function change(trx: Db, revision: number) {
			if (input.action === 'issue') return issue(trx, input, revision, at, today);
			const c = await trx.selectFrom('credentials').selectAll().where('id', '=', input.credentialId).where('deletedAt', 'is', null).executeTakeFirst();
			if (!c) throw new Refusal('There is no such license or certification.');
			const level = c.level as Level;
			let set: Record<string, string | null>;
			let message: string;
			switch (input.action) {
				case 'suspend':
					if (c.status !== 'active') throw new Refusal(`Only an active ${c.number} can be suspended; it is ${c.status}.`);
					set = { status: 'suspended', statusChangedAt: at, statusReason: reason };
					message = `${c.number} is suspended.`;
					break;
				case 'revoke':
					if (c.status === 'revoked') throw new Refusal(`${c.number} is already revoked.`);
					set = { status: 'revoked', statusChangedAt: at, statusReason: reason };
					message = `${c.number} is revoked.`;
					break;
				case 'restore':
					if (c.status !== 'suspended' && c.status !== 'revoked') throw new Refusal(`${c.number} is ${c.status}; only a suspended or revoked license can be restored.`);
					set = { status: 'active', statusChangedAt: at, statusReason: reason || null };
					message = `${c.number} is restored.`;
					break;
				case 'renew': {
					if (c.status === 'suspended' || c.status === 'revoked') throw new Refusal(`${c.number} is ${c.status}: restore it before renewing.`);
					const expiresOn = renewedExpiration(level, c.expiresOn, today);
					set = { status: 'active', issuedOn: today, expiresOn, statusChangedAt: at, statusReason: null };
					if (requiresNremt(level)) set.nremtExpiresOn = expiresOn;
					message = `${c.number} is renewed to ${expiresOn}.`;
					break;
				}
			}
			const synced = Object.keys(set).filter((f) => f !== 'statusChangedAt' && f !== 'statusReason');
			const stamp = stampFieldRevisions(parseFieldRevisions(c.fieldRevisions), Number(c.revision), synced, revision, OFFICE_CLIENT_ID);
			await trx
				.updateTable('credentials')
				.set({ ...set, revision, updatedAt: at, fieldRevisions: JSON.stringify(stamp) })
				.where('id', '=', c.id)
				.execute();
			return { emsNumber: c.emsNumber, credentialId: c.id, number: c.number, message };
		}
	} catch (e) {
		if (!(e instanceof Refusal)) throw e;
		await audit(db, {
			event: 'office_refused',
			accountId: ctx.staffAccountId,
			ip: ctx.ip,
			emsNumber: input.action === 'issue' ? input.emsNumber : null,
			detail: { action: input.action, why: e.reason.slice(0, 200) }
		});
		return { ok: false, reason: e.reason, field: e.field };
	}
}

async function issue(trx: Db, input: Extract<LicensingAction, { action: 'issue' }>, revision: number, at: string, today: string) {
	if (!(LEVELS as readonly string[]).includes(input.level)) throw new Refusal('Choose EMR, EMT, AEMT or Paramedic.', 'level');
	const person = await trx.selectFrom('persons').select(['emsNumber', 'deletedAt']).where('emsNumber', '=', input.emsNumber).executeTakeFirst();
	if (!person || person.deletedAt) throw new Refusal('There is no such person in the registry.');
	if (requiresNremt(input.level) && !input.nremtNumber) throw new Refusal('An EMT, AEMT or Paramedic license needs the NREMT number.', 'nremtNumber');
	const prefix = LICENSE_PREFIX[input.level];
	// The revision lock is held, so no other writer numbers a license between this read and the insert.
	const last = await trx
		.selectFrom('credentials')
		.select((eb) => eb.fn.max('number').as('number'))
		.where('number', 'like', `${prefix}-%`)
		.executeTakeFirst();
	const serial = Number(/-(\d+)$/.exec(String(last?.number ?? ''))?.[1] ?? 0) + 1;
	const number = `${prefix}-${String(serial).padStart(6, '0')}`;
	const expiresOn = firstExpiration(input.level, today);
	// A new level replaces the one the person held: their other active credentials become inactive.
	const held = await trx.selectFrom('credentials').select(['id', 'revision', 'fieldRevisions']).where('emsNumber', '=', input.emsNumber).where('status', '=', 'active').where('deletedAt', 'is', null).execute();
	for (const h of held) {
		const stamp = stampFieldRevisions(parseFieldRevisions(h.fieldRevisions), Number(h.revision), ['status'], revision, OFFICE_CLIENT_ID);
		await trx.updateTable('credentials').set({ status: 'inactive', statusChangedAt: at, revision, updatedAt: at, fieldRevisions: JSON.stringify(stamp) }).where('id', '=', h.id).execute();
	}
	const id = crypto.randomUUID();
	const fields = {
		emsNumber: input.emsNumber,
		level: input.level,
		number,
		status: 'active',
		issuedOn: today,
		expiresOn,
		nremtNumber: requiresNremt(input.level) ? input.nremtNumber : null,
		nremtExpiresOn: requiresNremt(input.level) ? expiresOn : null
	};
	const stamp: Record<string, unknown> = { '*': revision };
	for (const f of Object.keys(fields)) stamp[f] = [revision, OFFICE_CLIENT_ID];
	await trx
		.insertInto('credentials')
		.values({ id, ...fields, statusChangedAt: at, revision, updatedAt: at, deletedAt: null, fieldRevisions: JSON.stringify(stamp) })
		.execute();
	return { emsNumber: input.emsNumber, credentialId: id, number, message: `${number} is issued, expiring ${expiresOn}.` };
}

import type { EmailLinkKind, EmailLinkProblem } from '../../domain/email-change-links';
import { parseFieldRevisions, stampFieldRevisions } from '../../domain/sync-conflicts';
import type { Db } from '../db';
import { nextRevision } from '../db/revision';
import type { OutgoingMessage } from '../messages/outbox';
import { audit } from './audit';
import { newId, newToken, sha256Hex } from './secrets';
import { endAllSessions } from './sessions';

/**
 * A changed email address becomes the account's address (codes, notices, office sign-in) only once it is
 * confirmed from the new inbox, and the old inbox can undo it (decision 019). A stolen or forgotten-open session
 * can still edit the contact field through sync, but it can no longer move where Forgot Password sends codes.
 * Tokens are 32 random bytes; only their SHA-256 is stored; each works once and expires.
 */

export const CONFIRM_TTL_MS = 24 * 60 * 60_000;
export const UNDO_TTL_MS = 30 * 24 * 60 * 60_000;
/** The client id stamped on a person row changed by an undo (not by any device). */
const UNDO_CLIENT = 'email-change-undo';

const OFFICE = 'the North Dakota Division of EMS';
const SIGNATURE = '— North Dakota Division of EMS, EMS Registry';

/**
 * Where the links in notices point: the configured ORIGIN (which adapter-node and passkeys trust too), never the Host
 * a request names, since whoever sends the request would otherwise choose where the old inbox's undo link leads.
 * Without ORIGIN (development) the local server is meant.
 */
export function siteOrigin(env: Record<string, string | undefined> = process.env): string {
	return env.ORIGIN ? new URL(env.ORIGIN).origin : `http://localhost:${env.PORT ?? '5173'}`;
}

const confirmLink = (origin: string, token: string) => `${origin}/confirm-email?token=${token}`;
const undoLink = (origin: string, token: string) => `${origin}/undo-email-change?token=${token}`;
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The new inbox is asked to confirm; the old one is told how to undo. Neither says the change is done. */
export function emailChangeNotices(
	change: { oldEmail: string; newEmail: string; emsNumber: string },
	links: { confirm: string; undo: string }
): OutgoingMessage[] {
	const { oldEmail, newEmail, emsNumber } = change;
	return [
		{
			to: newEmail,
			channel: 'email',
			subject: 'Confirm your new EMS Registry email address',
			text: [
				`Someone asked to use this address (${newEmail}) for signing in and receiving codes for ND EMS # ${emsNumber}.`,
				`To confirm it, open this link and press "Confirm email address": ${links.confirm}`,
				`The link works once, for 24 hours. Until you confirm, codes and notices keep going to ${oldEmail}. If you did not ask for this, ignore this message.`,
				SIGNATURE
			].join('\n\n')
		},
		{
			to: oldEmail,
			channel: 'email',
			subject: 'Your EMS Registry email address is being changed',
			text: [
				`The email address for signing in and receiving codes for ND EMS # ${emsNumber} is being changed from ${oldEmail} to ${newEmail}.`,
				'It changes only once someone confirms it from the new inbox; until then codes and notices keep coming here.',
				`If you did not make this change, undo it (this also signs out every device): ${links.undo}`,
				`The undo link works for 30 days, even after the change was confirmed. Then change your password with Forgot Password, or call ${OFFICE}.`,
				SIGNATURE
			].join('\n\n')
		}
	];
}

async function supersedeOpen(trx: Db, accountId: string, at: string, except?: string): Promise<void> {
	let open = trx
		.selectFrom('emailChanges')
		.select('id')
		.where('accountId', '=', accountId)
		.where('confirmedAt', 'is', null)
		.where('undoneAt', 'is', null)
		.where('supersededAt', 'is', null);
	if (except) open = open.where('id', '<>', except);
	const ids = (await open.execute()).map((r) => r.id);
	if (!ids.length) return;
	await trx.updateTable('emailChanges').set({ supersededAt: at }).where('id', 'in', ids).execute();
	for (const id of ids) await audit(trx, { event: 'email_change_superseded', accountId, detail: { change: id } }, new Date(at));
}

/**
 * Inside the push transaction that changes persons.email: voids any change still waiting, and unless the person
 * went back to the confirmed address, records a new one. Returns the notices to send once the transaction commits.
 */
export async function requestEmailChange(
	trx: Db,
	input: { emsNumber: string; newEmail: string; requestedBy: string; origin: string; now: string }
): Promise<OutgoingMessage[]> {
	const account = await trx.selectFrom('accounts').select(['id', 'email']).where('emsNumber', '=', input.emsNumber).executeTakeFirst();
	// No account yet: nobody can sign in or get a code for this record, so there is nothing to take over.
	if (!account) return [];
	await supersedeOpen(trx, account.id, input.now);
	if (same(account.email, input.newEmail)) return [];

	const confirm = newToken();
	const undo = newToken();
	const id = newId();
	const nowMs = Date.parse(input.now);
	await trx
		.insertInto('emailChanges')
		.values({
			id,
			accountId: account.id,
			oldEmail: account.email,
			newEmail: input.newEmail,
			confirmTokenHash: sha256Hex(confirm),
			undoTokenHash: sha256Hex(undo),
			requestedBy: input.requestedBy,
			requestedAt: input.now,
			confirmExpiresAt: new Date(nowMs + CONFIRM_TTL_MS).toISOString(),
			undoExpiresAt: new Date(nowMs + UNDO_TTL_MS).toISOString(),
			confirmedAt: null,
			undoneAt: null,
			supersededAt: null
		})
		.execute();
	await audit(trx, { event: 'email_change_requested', accountId: account.id, detail: { change: id, by: input.requestedBy } }, new Date(nowMs));
	return emailChangeNotices(
		{ oldEmail: account.email, newEmail: input.newEmail, emsNumber: input.emsNumber },
		{ confirm: confirmLink(input.origin, confirm), undo: undoLink(input.origin, undo) }
	);
}


export type LinkState =
	| { ok: true; change: { id: string; accountId: string; emsNumber: string | null; oldEmail: string; newEmail: string } }
	| { ok: false; problem: EmailLinkProblem };

/** New links are sent at most this often per account, so the old inbox is not flooded with notices. */
export const RESEND_INTERVAL_MS = 60_000;

export type ResendResult = { ok: true; sentTo: string } | { ok: false; reason: 'nothing_waiting' | 'too_soon'; retryAfterSeconds?: number };

/**
 * "Send a new link": the record's email still differs from the confirmed one (the link expired or was lost), so the
 * waiting change is replaced by a fresh one with new links, to both addresses again. The caller sends the notices.
 */
export async function resendEmailChange(
	db: Db,
	input: { accountId: string; requestedBy: string; origin: string; now?: Date }
): Promise<{ result: ResendResult; notices: OutgoingMessage[] }> {
	const now = input.now ?? new Date();
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('accounts')
			.innerJoin('persons', 'persons.emsNumber', 'accounts.emsNumber')
			.select(['accounts.email as confirmed', 'persons.email as record', 'persons.emsNumber'])
			.where('accounts.id', '=', input.accountId)
			.executeTakeFirst();
		if (!row || same(row.confirmed, row.record)) return { result: { ok: false, reason: 'nothing_waiting' }, notices: [] };
		const latest = await trx
			.selectFrom('emailChanges')
			.select('requestedAt')
			.where('accountId', '=', input.accountId)
			.orderBy('requestedAt', 'desc')
			.limit(1)
			.executeTakeFirst();
		const wait = latest ? Date.parse(latest.requestedAt) + RESEND_INTERVAL_MS - now.getTime() : 0;
		if (wait > 0) return { result: { ok: false, reason: 'too_soon', retryAfterSeconds: Math.ceil(wait / 1000) }, notices: [] };
		const notices = await requestEmailChange(trx, {
			emsNumber: row.emsNumber,
			newEmail: row.record,
			requestedBy: input.requestedBy,
			origin: input.origin,
			now: now.toISOString()
		});
		return { result: { ok: true, sentTo: row.record }, notices };
	});
}

/** What a link would do, without doing it: the page shows this and asks for a button press. */
export async function emailChangeLink(db: Db, kind: EmailLinkKind, token: string, now = new Date()): Promise<LinkState> {
	if (!token || token.length > 100) return { ok: false, problem: 'unknown' };
	const row = await db
		.selectFrom('emailChanges')
		.innerJoin('accounts', 'accounts.id', 'emailChanges.accountId')
		.select([
			'emailChanges.id',
			'emailChanges.accountId',
			'accounts.emsNumber',
			'emailChanges.oldEmail',
			'emailChanges.newEmail',
			'emailChanges.confirmExpiresAt',
			'emailChanges.undoExpiresAt',
			'emailChanges.confirmedAt',
			'emailChanges.undoneAt',
			'emailChanges.supersededAt'
		])
		.where(kind === 'confirm' ? 'emailChanges.confirmTokenHash' : 'emailChanges.undoTokenHash', '=', sha256Hex(token))
		.executeTakeFirst();
	if (!row) return { ok: false, problem: 'unknown' };
	if (row.undoneAt) return { ok: false, problem: 'undone' };
	if (kind === 'confirm') {
		if (row.confirmedAt) return { ok: false, problem: 'confirmed' };
		if (row.supersededAt) return { ok: false, problem: 'superseded' };
		if (Date.parse(row.confirmExpiresAt) <= now.getTime()) return { ok: false, problem: 'expired' };
	} else if (Date.parse(row.undoExpiresAt) <= now.getTime()) return { ok: false, problem: 'expired' };
	return { ok: true, change: { id: row.id, accountId: row.accountId, emsNumber: row.emsNumber, oldEmail: row.oldEmail, newEmail: row.newEmail } };
}

/** Whether another account, or another person's record, already uses the address. */
async function usedByAnother(trx: Db, accountId: string, emsNumber: string | null, email: string): Promise<boolean> {
	const account = await trx.selectFrom('accounts').select('id').where('email', '=', email).where('id', '<>', accountId).executeTakeFirst();
	if (account) return true;
	let persons = trx.selectFrom('persons').select('emsNumber').where('email', '=', email).where('deletedAt', 'is', null);
	if (emsNumber) persons = persons.where('emsNumber', '<>', emsNumber);
	return (await persons.executeTakeFirst()) !== undefined;
}

export type LinkResult = { ok: true; oldEmail: string; newEmail: string } | { ok: false; problem: EmailLinkProblem };

/** The new inbox's button: the new address becomes the account's address. Works once. */
export async function confirmEmailChange(db: Db, token: string, ctx: { ip?: string | null; now?: Date } = {}): Promise<LinkResult> {
	const now = ctx.now ?? new Date();
	const at = now.toISOString();
	return db.transaction().execute(async (trx) => {
		const link = await emailChangeLink(trx, 'confirm', token, now);
		if (!link.ok) {
			if (link.problem === 'expired') {
				const row = await trx.selectFrom('emailChanges').select(['id', 'accountId']).where('confirmTokenHash', '=', sha256Hex(token)).executeTakeFirstOrThrow();
				await audit(trx, { event: 'email_change_expired', accountId: row.accountId, ip: ctx.ip, detail: { change: row.id } }, now);
			}
			return link;
		}
		const { change } = link;
		// Two devices' changes pushed at the same moment can both be waiting: only the one the record kept counts.
		const record = change.emsNumber
			? await trx.selectFrom('persons').select('email').where('emsNumber', '=', change.emsNumber).executeTakeFirst()
			: undefined;
		if (record && !same(record.email, change.newEmail)) return { ok: false, problem: 'superseded' };
		if (await usedByAnother(trx, change.accountId, change.emsNumber, change.newEmail)) return { ok: false, problem: 'taken' };
		// The guard makes the link single-use even when two presses race.
		const used = await trx
			.updateTable('emailChanges')
			.set({ confirmedAt: at })
			.where('id', '=', change.id)
			.where('confirmedAt', 'is', null)
			.where('undoneAt', 'is', null)
			.where('supersededAt', 'is', null)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1) return { ok: false, problem: 'confirmed' };
		await trx.updateTable('accounts').set({ email: change.newEmail }).where('id', '=', change.accountId).execute();
		await audit(trx, { event: 'email_change_confirmed', accountId: change.accountId, ip: ctx.ip, detail: { change: change.id } }, now);
		return { ok: true, oldEmail: change.oldEmail, newEmail: change.newEmail };
	});
}

/**
 * The old inbox's button: the old address is the account's and the record's again, every change still waiting
 * is void, and every session ends (whoever made the change is signed out everywhere). Works once.
 */
export async function undoEmailChange(db: Db, token: string, ctx: { ip?: string | null; now?: Date } = {}): Promise<LinkResult> {
	const now = ctx.now ?? new Date();
	const at = now.toISOString();
	return db.transaction().execute(async (trx) => {
		const link = await emailChangeLink(trx, 'undo', token, now);
		if (!link.ok) return link;
		const { change } = link;
		if (await usedByAnother(trx, change.accountId, change.emsNumber, change.oldEmail)) return { ok: false, problem: 'taken' };
		const undone = await trx
			.updateTable('emailChanges')
			.set({ undoneAt: at })
			.where('id', '=', change.id)
			.where('undoneAt', 'is', null)
			.executeTakeFirst();
		if (Number(undone.numUpdatedRows) !== 1) return { ok: false, problem: 'undone' };
		await supersedeOpen(trx, change.accountId, at, change.id);
		await trx.updateTable('accounts').set({ email: change.oldEmail }).where('id', '=', change.accountId).execute();
		if (change.emsNumber) await restorePersonEmail(trx, change.emsNumber, change.oldEmail, at);
		await endAllSessions(trx, change.accountId);
		await audit(trx, { event: 'email_change_undone', accountId: change.accountId, ip: ctx.ip, detail: { change: change.id } }, now);
		return { ok: true, oldEmail: change.oldEmail, newEmail: change.newEmail };
	});
}

/** The synced contact field goes back too, with a new revision so every device pulls it. */
async function restorePersonEmail(trx: Db, emsNumber: string, email: string, at: string): Promise<void> {
	const person = await trx.selectFrom('persons').select(['email', 'revision', 'fieldRevisions']).where('emsNumber', '=', emsNumber).executeTakeFirst();
	if (!person || person.email === email) return;
	const revision = await nextRevision(trx);
	const stamp = stampFieldRevisions(parseFieldRevisions(person.fieldRevisions), Number(person.revision), ['email'], revision, UNDO_CLIENT);
	await trx
		.updateTable('persons')
		.set({ email, revision, updatedAt: at, fieldRevisions: JSON.stringify(stamp) })
		.where('emsNumber', '=', emsNumber)
		.execute();
}

/** Told to the old address after an undo, so the person knows it worked and what to do next. */
export function undoneNotice(result: { oldEmail: string; newEmail: string }, origin: string): OutgoingMessage {
	return {
		to: result.oldEmail,
		channel: 'email',
		subject: 'Your EMS Registry email address change was undone',
		text: [
			`The change of your email address to ${result.newEmail} was undone: codes and notices come to ${result.oldEmail} again, and every device was signed out.`,
			`If someone else may know your password, choose a new one now with Forgot Password: ${origin}/forgot-password`,
			SIGNATURE
		].join('\n\n')
	};
}

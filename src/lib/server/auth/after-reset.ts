import type { Db } from '../db';
import { audit } from './audit';
import { listPasskeys, removePasskey, type PasskeySummary } from './passkeys';
import { sha256Hex } from './secrets';

/**
 * Right after Forgot Password sets a new password, the person is not signed in (the reset ended every session),
 * yet a passkey on a lost or stolen phone would still sign in. For a short window the just-spent reset ticket
 * (the browser's cookie) may list the account's passkeys and remove them, and nothing else.
 */
export const AFTER_RESET_WINDOW_MS = 15 * 60_000;

async function accountJustReset(db: Db, ticket: string, now: Date): Promise<string | null> {
	if (!ticket || ticket.length > 100) return null;
	const row = await db
		.selectFrom('verificationCodes')
		.select(['accountId', 'passwordSetAt'])
		.where('ticketHash', '=', sha256Hex(ticket))
		.orderBy('createdAt', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!row?.accountId || !row.passwordSetAt) return null;
	const age = now.getTime() - Date.parse(row.passwordSetAt);
	return age >= 0 && age <= AFTER_RESET_WINDOW_MS ? row.accountId : null;
}

/** The account's passkeys, or null when the ticket did not just reset a password. */
export async function passkeysAfterReset(db: Db, ticket: string, now = new Date()): Promise<PasskeySummary[] | null> {
	const accountId = await accountJustReset(db, ticket, now);
	return accountId ? listPasskeys(db, accountId) : null;
}

export async function removePasskeyAfterReset(
	db: Db,
	ticket: string,
	passkeyId: string,
	ctx: { ip?: string | null; now?: Date } = {}
): Promise<'removed' | 'not-found' | 'expired'> {
	const now = ctx.now ?? new Date();
	const accountId = await accountJustReset(db, ticket, now);
	if (!accountId) return 'expired';
	const removed = await removePasskey(db, accountId, passkeyId, { ip: ctx.ip, now, detail: { method: 'password_reset' } });
	return removed ? 'removed' : 'not-found';
}


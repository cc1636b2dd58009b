import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { allMet, checkPassword, type PasswordRequirement } from '$lib/domain/password-rules';
import { isCommonPassword } from '$lib/domain/common-passwords';
import type { Db } from '../db';
import type { Channel } from '../messages/outbox';
import { audit } from './audit';
import type { Transports } from './delivery';
import { hashPassword } from './password';
import { newId, newToken, sha256Hex } from './secrets';
import { endAllSessions } from './sessions';

/**
 * Six-digit codes for Forgot Password and first-time activation. Whether or not the email and ND EMS # match an
 * account, the same rows are written and the same answers given; only a matching pair gets a message. The browser
 * holds a random ticket (cookie) naming its codes; the database keeps only salted hashes of codes and tickets.
 */

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_FAILED_ATTEMPTS = 5;
export const RESEND_INTERVAL_MS = 60_000;
export const MAX_CODES_PER_HOUR = 5;
/** Time from a correct code to choosing the new password. */
export const PASSWORD_WINDOW_MS = 10 * 60_000;

/** "45 seconds", "12 minutes": how long until another code may be sent. */
export const waitText = (seconds: number): string =>
	seconds <= 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;

export interface CodeContext {
	transports: Transports;
	ip?: string | null;
	now?: Date;
}

export type CodeRequestResult =
	| {
			ok: true;
			ticket: string;
			/** Settles when the message has been handed over (or failed); routes do not wait for it, tests do. */
			delivery: Promise<void>;
	  }
	| { ok: false; retryAfterSeconds: number };

/** The pair itself is the key for send limits, so an unmatched pair is limited exactly like a matched one. */
const requestKeyOf = (emsNumber: string, email: string) => sha256Hex(`${emsNumber.trim()}|${email.trim().toLowerCase()}`);

export async function requestCode(
	db: Db,
	input: { email: string; emsNumber: string; channel: Channel; ticket?: string },
	ctx: CodeContext
): Promise<CodeRequestResult> {
	const now = ctx.now ?? new Date();
	const requestKey = requestKeyOf(input.emsNumber, input.email);
	const wait = await waitBeforeSending(db, requestKey, now);
	if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) };

	const account = await findAccount(db, input.emsNumber, input.email);
	const ticket = input.ticket ?? newToken();
	return issueCode(db, { ticket, requestKey, account, channel: input.channel }, ctx, now);
}

/**
 * Voids the pair's earlier codes, stores a new one (hashed) and starts its delivery. Unmatched pairs get a row too,
 * with a code that exists nowhere, so they fail, count tries and expire the same way.
 */
async function issueCode(
	db: Db,
	request: { ticket: string; requestKey: string; account: AccountForCode | undefined; channel: Channel },
	ctx: CodeContext,
	now: Date
): Promise<CodeRequestResult> {
	const { ticket, requestKey, account, channel } = request;
	const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
	const salt = randomBytes(16).toString('hex');
	const at = now.toISOString();

	// A new code voids every earlier unused one for the same pair: only the newest message is worth typing.
	await db
		.updateTable('verificationCodes')
		.set({ voidedAt: at })
		.where('requestKey', '=', requestKey)
		.where('usedAt', 'is', null)
		.where('voidedAt', 'is', null)
		.execute();
	await db
		.insertInto('verificationCodes')
		.values({
			id: newId(),
			ticketHash: sha256Hex(ticket),
			requestKey,
			accountId: account?.id ?? null,
			channel,
			codeSalt: salt,
			codeHash: hashCode(salt, account ? code : newToken()),
			createdAt: at,
			expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
			failedAttempts: 0,
			voidedAt: null,
			usedAt: null,
			passwordSetAt: null,
			ip: ctx.ip ?? null
		})
		.execute();
	return { ok: true, ticket, delivery: deliver(db, account, channel, code, ctx, now) };
}

/** A new code for the pair a ticket was issued for, by the channel now chosen. */
export async function resendCode(db: Db, ticket: string, channel: Channel, ctx: CodeContext): Promise<CodeRequestResult | null> {
	const latest = await latestForTicket(db, ticket);
	if (!latest) return null;
	const now = ctx.now ?? new Date();
	const wait = await waitBeforeSending(db, latest.requestKey, now);
	if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) };
	const account = latest.accountId ? await accountById(db, latest.accountId) : undefined;
	return issueCode(db, { ticket, requestKey: latest.requestKey, account, channel }, ctx, now);
}

async function waitBeforeSending(db: Db, requestKey: string, now: Date): Promise<number> {
	const hourAgo = new Date(now.getTime() - 60 * 60_000).toISOString();
	const recent = await db
		.selectFrom('verificationCodes')
		.select('createdAt')
		.where('requestKey', '=', requestKey)
		.where('createdAt', '>', hourAgo)
		.orderBy('createdAt', 'desc')
		.execute();
	const newest = recent[0];
	let wait = newest ? Date.parse(newest.createdAt) + RESEND_INTERVAL_MS - now.getTime() : 0;
	if (recent.length >= MAX_CODES_PER_HOUR) {
		const oldestInHour = recent[MAX_CODES_PER_HOUR - 1]!;
		wait = Math.max(wait, Date.parse(oldestInHour.createdAt) + 60 * 60_000 - now.getTime());
	}
	return Math.max(0, wait);
}

interface AccountForCode {
	id: string;
	email: string;
	mobilePhone: string | null;
}

/**
 * The account's confirmed address (accounts.email), not the synced contact field: a changed email is where codes go
 * only once it was confirmed from its inbox (email-change.ts).
 */
async function findAccount(db: Db, emsNumber: string, email: string): Promise<AccountForCode | undefined> {
	// Office staff have no ND EMS #: their Forgot Password asks for the account's email alone (issue 13).
	if (emsNumber.trim() === '') return findOfficeAccount(db, email);
	const row = await db
		.selectFrom('accounts')
		.innerJoin('persons', 'persons.emsNumber', 'accounts.emsNumber')
		.select(['accounts.id', 'accounts.email', 'persons.mobilePhone'])
		.where('accounts.emsNumber', '=', emsNumber.trim())
		.where('persons.deletedAt', 'is', null)
		.executeTakeFirst();
	if (!row || row.email.trim().toLowerCase() !== email.trim().toLowerCase()) return undefined;
	return row;
}

async function findOfficeAccount(db: Db, email: string): Promise<AccountForCode | undefined> {
	const wanted = email.trim().toLowerCase();
	const rows = await db.selectFrom('accounts').select(['id', 'email']).where('role', '=', 'office').where('emsNumber', 'is', null).execute();
	const row = rows.find((a) => a.email.trim().toLowerCase() === wanted);
	return row ? { id: row.id, email: row.email, mobilePhone: null } : undefined;
}

async function accountById(db: Db, id: string): Promise<AccountForCode | undefined> {
	return db
		.selectFrom('accounts')
		// Left: office accounts have no person row (and so no phone).
		.leftJoin('persons', 'persons.emsNumber', 'accounts.emsNumber')
		.select(['accounts.id', 'accounts.email', 'persons.mobilePhone'])
		.where('accounts.id', '=', id)
		.executeTakeFirst();
}

/**
 * Hands the code to the transport. Failures are logged and audited but never change the answer the person got:
 * the code page always says what to do when nothing arrives (other channel, or the office), for every request.
 */
async function deliver(db: Db, account: AccountForCode | undefined, channel: Channel, code: string, ctx: CodeContext, now: Date): Promise<void> {
	if (!account) {
		await audit(db, { event: 'code_not_sent', ip: ctx.ip, detail: { channel, reason: 'no_match' } }, now);
		return;
	}
	const to = channel === 'email' ? account.email : account.mobilePhone;
	if (!to) {
		await audit(db, { event: 'code_not_sent', accountId: account.id, ip: ctx.ip, detail: { channel, reason: 'no_phone' } }, now);
		return;
	}
	const text =
		`Your EMS Registry code is ${code}. It works for 10 minutes, once.\n` +
		'If you did not ask for it, ignore this message; your password has not changed.';
	try {
		await ctx.transports[channel].send({ to, channel, subject: 'Your EMS Registry code', text });
		await audit(db, { event: 'code_sent', accountId: account.id, ip: ctx.ip, detail: { channel } }, now);
	} catch (e) {
		console.error(`[auth] could not deliver a code by ${channel}:`, e instanceof Error ? e.message : e);
		await audit(db, { event: 'code_delivery_failed', accountId: account.id, ip: ctx.ip, detail: { channel } }, now).catch(() => {});
	}
}

function hashCode(salt: string, code: string): string {
	return sha256Hex(`${salt}:${code}`);
}

async function latestForTicket(db: Db, ticket: string) {
	if (!ticket || ticket.length > 100) return undefined;
	return db
		.selectFrom('verificationCodes')
		.selectAll()
		.where('ticketHash', '=', sha256Hex(ticket))
		.orderBy('createdAt', 'desc')
		.limit(1)
		.executeTakeFirst();
}

export type CodeCheck =
	| { ok: true }
	| { ok: false; reason: 'wrong'; remaining: number }
	| { ok: false; reason: 'voided' | 'expired' };

/**
 * Checks a typed code against the ticket's newest code: 10 minutes, once, void after 5 attempts. Each attempt is
 * counted before the comparison, in one guarded update, so a burst of concurrent guesses gets no more than 5
 * comparisons between them; `failedAttempts` therefore counts attempts, the right one included (decision 017).
 */
export async function checkCode(db: Db, ticket: string, typed: string, ctx: { ip?: string | null; now?: Date } = {}): Promise<CodeCheck> {
	const now = ctx.now ?? new Date();
	const row = await latestForTicket(db, ticket);
	if (!row || row.usedAt || Date.parse(row.expiresAt) <= now.getTime()) return { ok: false, reason: 'expired' };
	if (row.voidedAt) return { ok: false, reason: row.failedAttempts >= MAX_FAILED_ATTEMPTS ? 'voided' : 'expired' };

	const reserved = await db
		.updateTable('verificationCodes')
		.set((eb) => ({ failedAttempts: eb('failedAttempts', '+', 1) }))
		.where('id', '=', row.id)
		.where('failedAttempts', '<', MAX_FAILED_ATTEMPTS)
		.where('usedAt', 'is', null)
		.where('voidedAt', 'is', null)
		.returning('failedAttempts')
		.executeTakeFirst();
	if (!reserved) {
		const current = await db.selectFrom('verificationCodes').select(['failedAttempts', 'usedAt']).where('id', '=', row.id).executeTakeFirst();
		return { ok: false, reason: !current?.usedAt && Number(current?.failedAttempts) >= MAX_FAILED_ATTEMPTS ? 'voided' : 'expired' };
	}
	const attempts = Number(reserved.failedAttempts);

	const expected = Buffer.from(row.codeHash, 'hex');
	const actual = Buffer.from(hashCode(row.codeSalt, typed), 'hex');
	if (timingSafeEqual(expected, actual)) {
		// The guard on used_at makes the code single-use even when two requests race.
		const used = await db
			.updateTable('verificationCodes')
			.set({ usedAt: now.toISOString() })
			.where('id', '=', row.id)
			.where('usedAt', 'is', null)
			.where('voidedAt', 'is', null)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1) return { ok: false, reason: 'expired' };
		await audit(db, { event: 'code_used', accountId: row.accountId, ip: ctx.ip }, now);
		return { ok: true };
	}

	await audit(db, { event: 'code_failed', accountId: row.accountId, ip: ctx.ip, detail: { failures: attempts } }, now);
	if (attempts >= MAX_FAILED_ATTEMPTS) {
		await db.updateTable('verificationCodes').set({ voidedAt: now.toISOString() }).where('id', '=', row.id).where('usedAt', 'is', null).execute();
		await audit(db, { event: 'code_voided', accountId: row.accountId, ip: ctx.ip }, now);
		return { ok: false, reason: 'voided' };
	}
	return { ok: false, reason: 'wrong', remaining: MAX_FAILED_ATTEMPTS - attempts };
}

async function verifiedRow(db: Db, ticket: string, now: Date) {
	const row = await latestForTicket(db, ticket);
	if (!row || !row.usedAt || row.passwordSetAt || !row.accountId) return undefined;
	if (now.getTime() - Date.parse(row.usedAt) > PASSWORD_WINDOW_MS) return undefined;
	return row as typeof row & { accountId: string };
}

/** Who may choose a new password with this ticket, or null once it is spent, stale or never verified. */
export async function passwordChangeFor(db: Db, ticket: string, now = new Date()): Promise<{ emsNumber: string | null; email: string } | null> {
	const row = await verifiedRow(db, ticket, now);
	if (!row) return null;
	const account = await db.selectFrom('accounts').select(['emsNumber', 'email']).where('id', '=', row.accountId).executeTakeFirst();
	return account ?? null;
}

export type PasswordChangeResult =
	| { ok: true; accountId: string }
	| { ok: false; reason: 'expired' }
	| { ok: false; reason: 'requirements'; requirements: PasswordRequirement[] };

/** Sets the new password after a correct code, then ends every session of the account. */
export async function changePasswordWithTicket(
	db: Db,
	ticket: string,
	password: string,
	confirmation: string,
	ctx: { ip?: string | null; now?: Date } = {}
): Promise<PasswordChangeResult> {
	const now = ctx.now ?? new Date();
	const row = await verifiedRow(db, ticket, now);
	const account = row && (await db.selectFrom('accounts').select(['id', 'emsNumber', 'email']).where('id', '=', row.accountId).executeTakeFirst());
	if (!row || !account) return { ok: false, reason: 'expired' };
	const requirements = checkPassword({ password, confirmation, emsNumber: account.emsNumber, email: account.email }, isCommonPassword);
	if (!allMet(requirements)) return { ok: false, reason: 'requirements', requirements };

	const passwordHash = await hashPassword(password);
	const at = now.toISOString();
	const spent = await db
		.updateTable('verificationCodes')
		.set({ passwordSetAt: at })
		.where('id', '=', row.id)
		.where('passwordSetAt', 'is', null)
		.executeTakeFirst();
	if (Number(spent.numUpdatedRows) !== 1) return { ok: false, reason: 'expired' };
	await db.updateTable('accounts').set({ passwordHash, passwordChangedAt: at }).where('id', '=', account.id).execute();
	await endAllSessions(db, account.id);
	await audit(db, { event: 'password_changed', accountId: account.id, ip: ctx.ip, detail: { method: 'code' } }, now);
	return { ok: true, accountId: account.id };
}

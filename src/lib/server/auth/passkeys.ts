import {
	generateAuthenticationOptions,
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type AuthenticatorTransportFuture,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import type { Db } from '../db';
import { audit, type AuditEntry } from './audit';
import type { Transports } from './delivery';
import { createSession } from './sessions';

/** Passkeys (WebAuthn) for sign-in and "Confirm it's you". */

const CHALLENGE_TTL_MS = 5 * 60_000;

export interface RelyingParty {
	id: string;
	origin: string;
	name: string;
}

/** The site's identity comes from ORIGIN (what adapter-node also trusts), not from request headers. */
export function relyingParty(requestUrl: URL, env: Record<string, string | undefined> = process.env): RelyingParty {
	const origin = env.ORIGIN ? new URL(env.ORIGIN).origin : requestUrl.origin;
	return { id: new URL(origin).hostname, origin, name: 'EMS Registry' };
}

type Purpose = 'register' | 'login' | 'reauth';

async function storeChallenge(db: Db, challenge: string, purpose: Purpose, accountId: string | null, now: Date) {
	await db.deleteFrom('webauthnChallenges').where('expiresAt', '<', now.toISOString()).execute();
	await db
		.insertInto('webauthnChallenges')
		.values({ id: challenge, challenge, purpose, accountId, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString() })
		.execute();
}

/** A challenge is good once, for its purpose and account, for five minutes; checking it spends it. */
function consumeChallenge(db: Db, purpose: Purpose, accountId: string | null, now: Date) {
	return async (challenge: string): Promise<boolean> => {
		const row = await db.selectFrom('webauthnChallenges').selectAll().where('id', '=', challenge).executeTakeFirst();
		if (!row) return false;
		const deleted = await db.deleteFrom('webauthnChallenges').where('id', '=', challenge).executeTakeFirst();
		return (
			Number(deleted.numDeletedRows) === 1 &&
			row.purpose === purpose &&
			(purpose === 'login' || row.accountId === accountId) &&
			Date.parse(row.expiresAt) > now.getTime()
		);
	};
}

const parseTransports = (t: string | null): AuthenticatorTransportFuture[] | undefined =>
	t ? (JSON.parse(t) as AuthenticatorTransportFuture[]) : undefined;

export interface PasskeySummary {
	id: string;
	name: string;
	createdAt: string;
	lastUsedAt: string | null;
}

export async function listPasskeys(db: Db, accountId: string): Promise<PasskeySummary[]> {
	return db
		.selectFrom('passkeys')
		.select(['id', 'name', 'createdAt', 'lastUsedAt'])
		.where('accountId', '=', accountId)
		.orderBy('createdAt')
		.execute();
}

export async function registrationOptions(
	db: Db,
	rp: RelyingParty,
	account: { accountId: string; email: string; emsNumber: string | null },
	now = new Date()
): Promise<PublicKeyCredentialCreationOptionsJSON> {
	const existing = await db.selectFrom('passkeys').select(['id', 'transports']).where('accountId', '=', account.accountId).execute();
	const options = await generateRegistrationOptions({
		rpName: rp.name,
		rpID: rp.id,
		userName: account.emsNumber ?? account.email,
		userDisplayName: account.emsNumber ? `ND EMS # ${account.emsNumber}` : account.email,
		userID: new TextEncoder().encode(account.accountId),
		attestationType: 'none',
		excludeCredentials: existing.map((p) => ({ id: p.id, transports: parseTransports(p.transports) })),
		// Discoverable, so /login can offer "Sign in with a passkey" without asking for the EMS ID first.
		authenticatorSelection: { residentKey: 'required', userVerification: 'required' }
	});
	await storeChallenge(db, options.challenge, 'register', account.accountId, now);
	return options;
}

export async function finishRegistration(
	db: Db,
	rp: RelyingParty,
	accountId: string,
	response: RegistrationResponseJSON,
	ctx: { ip?: string | null; now?: Date; transports?: Transports } = {}
): Promise<boolean> {
	const now = ctx.now ?? new Date();
	const result = await verifyRegistrationResponse({
		response,
		expectedChallenge: consumeChallenge(db, 'register', accountId, now),
		expectedOrigin: rp.origin,
		expectedRPID: rp.id,
		requireUserVerification: true
	}).catch(() => null);
	if (!result?.verified) return false;
	const { credential, credentialDeviceType, credentialBackedUp } = result.registrationInfo;
	const count = await db.selectFrom('passkeys').select((eb) => eb.fn.countAll<number>().as('n')).where('accountId', '=', accountId).executeTakeFirst();
	const name = `Passkey ${Number(count?.n ?? 0) + 1}`;
	await db
		.insertInto('passkeys')
		.values({
			id: credential.id,
			accountId,
			publicKey: Buffer.from(credential.publicKey).toString('base64url'),
			counter: credential.counter,
			transports: credential.transports ? JSON.stringify(credential.transports) : null,
			deviceType: credentialDeviceType,
			backedUp: credentialBackedUp ? 1 : 0,
			name,
			createdAt: now.toISOString(),
			lastUsedAt: null
		})
		.execute();
	await audit(db, { event: 'passkey_added', accountId, ip: ctx.ip }, now);
	// Stored first, then told: the person learns of every passkey added, including one they did not add.
	// The answer does not wait for the mail server.
	if (ctx.transports) void noticeOfNewPasskey(db, ctx.transports, accountId, name, { ip: ctx.ip, now });
	return true;
}

/**
 * Emails the account that a passkey was added, through the configured delivery. Never throws: a failed notice is
 * logged and audited, and the passkey stays.
 */
export async function noticeOfNewPasskey(
	db: Db,
	transports: Transports,
	accountId: string,
	name: string,
	ctx: { ip?: string | null; now?: Date } = {}
): Promise<void> {
	const account = await db.selectFrom('accounts').select(['email']).where('id', '=', accountId).executeTakeFirst();
	if (!account) return;
	const when = (ctx.now ?? new Date()).toISOString().slice(0, 16).replace('T', ' ');
	const text =
		`A passkey ("${name}") was added to your EMS Registry account on ${when} UTC.\n` +
		'If this was you, there is nothing to do. If it was not, use Forgot Password on the sign-in page to choose a new ' +
		'password: the page that confirms the change lists your passkeys and lets you remove this one.';
	try {
		await transports.email.send({ to: account.email, channel: 'email', subject: 'A passkey was added to your EMS Registry account', text });
	} catch (e) {
		console.error('[auth] could not send the new-passkey notice:', e instanceof Error ? e.message : e);
		await audit(db, { event: 'notice_not_delivered', accountId, ip: ctx.ip, detail: { about: 'passkey_added' } }, ctx.now).catch(() => {});
	}
}

export async function removePasskey(
	db: Db,
	accountId: string,
	passkeyId: string,
	ctx: { ip?: string | null; now?: Date; detail?: AuditEntry['detail'] } = {}
): Promise<boolean> {
	const result = await db.deleteFrom('passkeys').where('id', '=', passkeyId).where('accountId', '=', accountId).executeTakeFirst();
	const removed = Number(result.numDeletedRows) === 1;
	if (removed) await audit(db, { event: 'passkey_removed', accountId, ip: ctx.ip, detail: ctx.detail }, ctx.now);
	return removed;
}

/** Options for sign-in (any discoverable passkey) or re-authentication (only this account's passkeys). */
export async function authenticationOptions(
	db: Db,
	rp: RelyingParty,
	accountId: string | null,
	now = new Date()
): Promise<PublicKeyCredentialRequestOptionsJSON> {
	const allow = accountId
		? (await db.selectFrom('passkeys').select(['id', 'transports']).where('accountId', '=', accountId).execute()).map((p) => ({
				id: p.id,
				transports: parseTransports(p.transports)
			}))
		: undefined;
	const options = await generateAuthenticationOptions({ rpID: rp.id, allowCredentials: allow, userVerification: 'required' });
	await storeChallenge(db, options.challenge, accountId ? 'reauth' : 'login', accountId, now);
	return options;
}

/** Verifies an assertion; for re-authentication it must be one of `accountId`'s passkeys. Returns the account. */
async function verifyAssertion(db: Db, rp: RelyingParty, response: AuthenticationResponseJSON, accountId: string | null, now: Date) {
	const passkey = await db.selectFrom('passkeys').selectAll().where('id', '=', response.id).executeTakeFirst();
	if (!passkey || (accountId && passkey.accountId !== accountId)) return null;
	const result = await verifyAuthenticationResponse({
		response,
		expectedChallenge: consumeChallenge(db, accountId ? 'reauth' : 'login', accountId, now),
		expectedOrigin: rp.origin,
		expectedRPID: rp.id,
		credential: {
			id: passkey.id,
			publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
			counter: Number(passkey.counter),
			transports: parseTransports(passkey.transports)
		},
		requireUserVerification: true
	}).catch(() => null);
	if (!result?.verified) return null;
	await db
		.updateTable('passkeys')
		.set({ counter: result.authenticationInfo.newCounter, lastUsedAt: now.toISOString() })
		.where('id', '=', passkey.id)
		.execute();
	return passkey.accountId;
}

export async function signInWithPasskey(
	db: Db,
	rp: RelyingParty,
	response: AuthenticationResponseJSON,
	ctx: { ip: string; userAgent?: string | null; now?: Date }
): Promise<{ token: string; role: 'licensee' | 'office' } | null> {
	const now = ctx.now ?? new Date();
	const accountId = await verifyAssertion(db, rp, response, null, now);
	if (!accountId) {
		await audit(db, { event: 'login_failed', ip: ctx.ip, detail: { method: 'passkey' } }, now);
		return null;
	}
	const account = await db.selectFrom('accounts').select(['role']).where('id', '=', accountId).executeTakeFirstOrThrow();
	const { token } = await createSession(db, accountId, { ip: ctx.ip, userAgent: ctx.userAgent }, now);
	await audit(db, { event: 'login_succeeded', accountId, ip: ctx.ip, detail: { method: 'passkey' } }, now);
	return { token, role: account.role };
}

export async function confirmWithPasskey(
	db: Db,
	rp: RelyingParty,
	session: { id: string; accountId: string },
	response: AuthenticationResponseJSON,
	ctx: { ip: string; now?: Date }
): Promise<boolean> {
	const now = ctx.now ?? new Date();
	const accountId = await verifyAssertion(db, rp, response, session.accountId, now);
	if (!accountId) {
		await audit(db, { event: 'reauth_failed', accountId: session.accountId, ip: ctx.ip, detail: { method: 'passkey' } }, now);
		return false;
	}
	await db.updateTable('sessions').set({ reauthenticatedAt: now.toISOString() }).where('id', '=', session.id).execute();
	await audit(db, { event: 'reauthenticated', accountId, ip: ctx.ip, detail: { method: 'passkey' } }, now);
	return true;
}

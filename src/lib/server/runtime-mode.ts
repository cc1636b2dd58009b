/**
 * The one place that decides whether this server is configured for real use (decision 018). Real use means any of:
 * APP_ENV=production (or NODE_ENV=production), SMTP_URL, SMS_WEBHOOK_URL, or an https:// ORIGIN. A server in real
 * use serves no /dev/* aid, refuses demo data, refuses to start while a demo account with a published password
 * exists, and never pretends a message went out through the development outbox.
 *
 * The e2e and bench servers need real transports and demo data together: APP_ENV=test keeps a server a demo, but
 * only while every configured mail and SMS target is a loopback address and ORIGIN is not https, so a copied
 * "test" setting cannot quietly switch off the safeguards of a server that talks to the outside world.
 */
type Env = Record<string, string | undefined>;

export interface RuntimeMode {
	realUse: boolean;
	/** Why, in words for a one-line message: "SMTP_URL is set", … */
	reason: string;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function isLoopbackUrl(value: string): boolean {
	try {
		return LOOPBACK.test(new URL(value).hostname);
	} catch {
		return false;
	}
}

export function runtimeMode(env: Env = process.env): RuntimeMode {
	if (env.APP_ENV === 'production') return { realUse: true, reason: 'APP_ENV=production' };
	if (env.NODE_ENV === 'production') return { realUse: true, reason: 'NODE_ENV=production' };
	const signals: [string, string | undefined][] = [
		['SMTP_URL', env.SMTP_URL],
		['SMS_WEBHOOK_URL', env.SMS_WEBHOOK_URL]
	];
	const origin = env.ORIGIN?.trim().toLowerCase().startsWith('https://') ? env.ORIGIN : undefined;
	if (env.APP_ENV === 'test') {
		const outside = signals.find(([, value]) => value && !isLoopbackUrl(value));
		if (outside) return { realUse: true, reason: `${outside[0]} is not a loopback address, so APP_ENV=test does not apply` };
		if (origin) return { realUse: true, reason: 'ORIGIN is https://, so APP_ENV=test does not apply' };
		return { realUse: false, reason: 'APP_ENV=test with loopback message targets' };
	}
	const configured = signals.find(([, value]) => value);
	if (configured) return { realUse: true, reason: `${configured[0]} is set` };
	if (origin) return { realUse: true, reason: 'ORIGIN is https://' };
	return { realUse: false, reason: 'no mail, SMS, https origin or APP_ENV=production configured' };
}

export const isRealUse = (env: Env = process.env): boolean => runtimeMode(env).realUse;

/** A start-up refusal whose message is the one line to print; scripts/prepare-database.mjs exits with it. */
export class RefusedToStart extends Error {
	override name = 'RefusedToStart';
}

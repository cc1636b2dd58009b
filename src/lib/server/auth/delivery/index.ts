import type { Db } from '../../db';
import { recordInOutbox } from '../../messages/outbox';
import { isRealUse } from '../../runtime-mode';
import { smsWebhookTransport } from './sms-webhook';
import { smtpTransport } from './smtp';
import type { MessageTransport, Transports } from './transport';

export type { MessageTransport, Transports } from './transport';

const outboxTransport = (db: Db): MessageTransport => ({ send: (message) => recordInOutbox(db, message) });

/** Real use with no gateway for a channel: the message is not delivered (and audited so), never parked unseen. */
const noGateway = (setting: string): MessageTransport => ({
	send: async (message) => {
		throw new Error(`no ${message.channel} gateway: ${setting} is not set`);
	}
});

// One SMTP connection setup per configuration, not per message.
const smtpByConfig = new Map<string, MessageTransport>();

/**
 * Email by SMTP when SMTP_URL is set, texts by webhook when SMS_WEBHOOK_URL is set; whatever is not configured goes
 * to the development outbox so a demo works without any provider, or, on a server in real use (whose outbox is
 * not served), fails as not delivered.
 */
export function transportsFromEnvironment(db: Db, env: Record<string, string | undefined> = process.env): Transports {
	const realUse = isRealUse(env);
	let email = realUse ? noGateway('SMTP_URL') : outboxTransport(db);
	if (env.SMTP_URL) {
		const from = env.MAIL_FROM ?? 'EMS Registry <no-reply@ems-registry.localhost>';
		const key = `${env.SMTP_URL}|${from}`;
		email = smtpByConfig.get(key) ?? smtpTransport(env.SMTP_URL, from);
		smtpByConfig.set(key, email);
	}
	const sms = env.SMS_WEBHOOK_URL ? smsWebhookTransport(env.SMS_WEBHOOK_URL) : realUse ? noGateway('SMS_WEBHOOK_URL') : outboxTransport(db);
	return { email, sms };
}

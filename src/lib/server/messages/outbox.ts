import type { Db } from '../db';

export type Channel = 'email' | 'sms';

export interface OutgoingMessage {
	to: string;
	channel: Channel;
	subject: string;
	text: string;
}

export interface RecordedMessage extends OutgoingMessage {
	sentAt: string;
}

/**
 * The development outbox: while no SMTP or SMS transport is configured, messages are kept in the database
 * (not in memory, so every server process sees them) and listed at /dev/outbox.
 */
export async function recordInOutbox(db: Db, message: OutgoingMessage, now = new Date()): Promise<void> {
	await db.insertInto('messages').values({ ...message, sentAt: now.toISOString() }).execute();
}

/** Newest first. */
export async function listOutbox(db: Db, limit = 200): Promise<RecordedMessage[]> {
	return db
		.selectFrom('messages')
		.select(['to', 'channel', 'subject', 'text', 'sentAt'])
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

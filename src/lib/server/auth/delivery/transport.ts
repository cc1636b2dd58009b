import type { Channel, OutgoingMessage } from '../../messages/outbox';

/** Sends one message or throws; callers decide what a failure means for the person. */
export interface MessageTransport {
	send(message: OutgoingMessage): Promise<void>;
}

export type Transports = Record<Channel, MessageTransport>;

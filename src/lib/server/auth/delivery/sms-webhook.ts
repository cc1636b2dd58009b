import type { OutgoingMessage } from '../../messages/outbox';
import type { MessageTransport } from './transport';

/**
 * Text messages through an HTTP webhook (SMS_WEBHOOK_URL) that accepts JSON {to, text}: a small seam any SMS
 * provider can sit behind, with no provider SDK in the app.
 */
export function smsWebhookTransport(url: string, timeoutMs = 10_000): MessageTransport {
	return {
		async send(message: OutgoingMessage) {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ to: message.to, text: message.text }),
				signal: AbortSignal.timeout(timeoutMs)
			});
			if (!response.ok) throw new Error(`SMS webhook answered ${response.status}`);
		}
	};
}

import { expect } from '@playwright/test';

/** The e2e server's message sinks (scripts/message-sinks.mjs): what the real SMTP server and SMS webhook received. */
export const sinkUrl = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4183) + 1}`;

export interface SunkMessage {
	channel: 'email' | 'sms';
	to: string;
	subject: string;
	text: string;
}

export async function receivedMessages(): Promise<SunkMessage[]> {
	const response = await fetch(`${sinkUrl}/messages`);
	return (await response.json()) as SunkMessage[];
}

export async function clearMessages(): Promise<void> {
	await fetch(`${sinkUrl}/messages`, { method: 'DELETE' });
}

/** Waits for a message to `to` and returns the six-digit code in it. */
export async function codeSentTo(to: string): Promise<string> {
	let code: string | undefined;
	await expect
		.poll(async () => {
			const message = (await receivedMessages()).findLast((m) => m.to === to);
			code = message ? /code is (\d{6})/.exec(message.text)?.[1] : undefined;
			return code;
		}, { timeout: 15_000 })
		.toMatch(/^\d{6}$/);
	return code!;
}

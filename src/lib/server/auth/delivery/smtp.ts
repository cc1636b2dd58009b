import nodemailer from 'nodemailer';
import type { OutgoingMessage } from '../../messages/outbox';
import type { MessageTransport } from './transport';

/** Email over SMTP (SMTP_URL, e.g. smtps://user:pass@mail.example.org); the connection pool is kept per process. */
export function smtpTransport(url: string, from: string): MessageTransport {
	const transporter = nodemailer.createTransport(url);
	return {
		async send(message: OutgoingMessage) {
			await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
		}
	};
}

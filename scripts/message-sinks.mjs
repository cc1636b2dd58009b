// Local stand-ins for a mail server and an SMS provider: an in-process SMTP server (smtp-server) and an HTTP
// webhook receiver that keep what they receive, so tests read codes from the messages the app really sent.
// GET  {apiUrl}/messages          → [{channel, to, subject, text, receivedAt}]
// POST {apiUrl}/sms               → the SMS webhook the app posts {to, text} to
// POST {apiUrl}/fail?channel=sms  → make that channel refuse messages (body "off" to restore)
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

/** @typedef {{channel: 'email' | 'sms', to: string, subject: string, text: string, receivedAt: string}} SunkMessage */

export async function startMessageSinks({ smtpPort = 0, httpPort = 0, host = '127.0.0.1' } = {}) {
	/** @type {SunkMessage[]} */
	const messages = [];
	const failing = { email: false, sms: false };

	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			/** @type {Buffer[]} */
			const chunks = [];
			stream.on('data', (c) => chunks.push(c));
			stream.on('end', () => {
				if (failing.email) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
				const { subject, text } = parseMessage(Buffer.concat(chunks).toString('utf8'));
				const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
				messages.push({ channel: 'email', to, subject, text, receivedAt: new Date().toISOString() });
				callback();
			});
		}
	});
	await new Promise((resolve, reject) => {
		smtp.once('error', reject);
		smtp.listen(smtpPort, host, () => resolve(undefined));
	});
	smtp.on('error', (e) => console.error('[smtp sink]', e.message));

	const http = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://sink');
		let body = '';
		for await (const chunk of req) body += chunk;
		if (req.method === 'POST' && url.pathname === '/sms') {
			if (failing.sms) return send(res, 503, { error: 'unavailable' });
			const { to, text } = JSON.parse(body || '{}');
			messages.push({ channel: 'sms', to: String(to), subject: '', text: String(text), receivedAt: new Date().toISOString() });
			return send(res, 202, { accepted: true });
		}
		if (req.method === 'GET' && url.pathname === '/messages') return send(res, 200, messages);
		if (req.method === 'DELETE' && url.pathname === '/messages') {
			messages.length = 0;
			return send(res, 204, null);
		}
		if (req.method === 'POST' && url.pathname === '/fail') {
			const channel = url.searchParams.get('channel') === 'email' ? 'email' : 'sms';
			failing[channel] = body.trim() !== 'off';
			return send(res, 200, failing);
		}
		send(res, 404, { error: 'not found' });
	});
	await new Promise((resolve) => http.listen(httpPort, host, () => resolve(undefined)));

	const smtpAddress = /** @type {import('node:net').AddressInfo} */ (smtp.server.address());
	const httpAddress = /** @type {import('node:net').AddressInfo} */ (http.address());
	const apiUrl = `http://${host}:${httpAddress.port}`;
	return {
		smtpUrl: `smtp://${host}:${smtpAddress.port}`,
		smsWebhookUrl: `${apiUrl}/sms`,
		apiUrl,
		messages,
		failing,
		/** Lets the process end when nothing else keeps it alive (the app server stopping on SIGTERM). */
		unref() {
			smtp.server.unref();
			http.unref();
		},
		async close() {
			await new Promise((resolve) => smtp.close(() => resolve(undefined)));
			await new Promise((resolve) => http.close(() => resolve(undefined)));
		}
	};
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function send(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(body === null ? '' : JSON.stringify(body));
}

/** Enough of RFC 5322/MIME for the plain-text messages the app sends: Subject and a (quoted-printable) body. */
/** @param {string} raw */
export function parseMessage(raw) {
	const split = raw.indexOf('\r\n\r\n');
	const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
	let body = raw.slice(split + 4);
	const header = (/** @type {string} */ name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
	if (/quoted-printable/i.test(header('Content-Transfer-Encoding'))) {
		body = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
	} else if (/base64/i.test(header('Content-Transfer-Encoding'))) {
		body = Buffer.from(body, 'base64').toString('utf8');
	}
	return { subject: header('Subject'), text: body.replace(/\r\n/g, '\n').trim() };
}

/** The six-digit code in a message the app sent. */
/** @param {string} text */
export function codeIn(text) {
	return /code is (\d{6})/.exec(text)?.[1] ?? null;
}

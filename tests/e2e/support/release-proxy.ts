import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through proxy in front of the test server that can pretend a new release was deployed by changing
 * the shell's precache revision in /sw.js. Playwright's request routing never sees the browser's own service
 * worker update checks, so the change has to come from the server side for the browser to find a new worker.
 */
export interface ReleaseProxy {
	origin: string;
	deployNextRelease(): void;
	close(): Promise<void>;
}

export async function startReleaseProxy(target: string): Promise<ReleaseProxy> {
	const upstream = new URL(target);
	let nextRelease = false;
	const server: Server = createServer((incoming, outgoing) => {
		const isWorkerScript = new URL(incoming.url ?? '/', 'http://x').pathname === '/sw.js';
		const headers = { ...incoming.headers, host: upstream.host };
		if (isWorkerScript) {
			// A full, uncompressed script: its text must be changed, and a 304 would tell the browser nothing changed.
			delete headers['accept-encoding'];
			delete headers['if-none-match'];
			delete headers['if-modified-since'];
		}
		const proxied = forward(
			{ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers },
			(response) => {
				if (!(isWorkerScript && nextRelease)) {
					outgoing.writeHead(response.statusCode ?? 502, response.headers);
					response.pipe(outgoing);
					return;
				}
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const script = Buffer.concat(chunks)
						.toString('utf8')
						// The precache list vite-pwa injected: {"revision":"…","url":"shell"}.
						.replace(/\{"revision":"[0-9a-f]+","url":"shell"\}/, '{"revision":"next-release","url":"shell"}');
					const { 'content-length': _length, etag: _etag, 'last-modified': _modified, ...rest } = response.headers;
					outgoing.writeHead(response.statusCode ?? 200, { ...rest, 'cache-control': 'no-store' });
					outgoing.end(script);
				});
			}
		);
		proxied.on('error', () => outgoing.destroy());
		incoming.pipe(proxied);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		// "localhost" (not 127.0.0.1) keeps the origin a secure context the way the test server's is.
		origin: `http://localhost:${port}`,
		deployNextRelease: () => (nextRelease = true),
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

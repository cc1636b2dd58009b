import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Compresses server-rendered HTML. adapter-node serves the precompressed static files (`precompress: true`) but
 * sends what SvelteKit renders as is; pages are small and rendered per request (CSP nonces), so a fast brotli level
 * is enough. Only complete bodies (with a Content-Length) are compressed: a streamed page must keep streaming.
 * JSON (sync, data requests) is left alone so the sync server's throughput budget is not spent on it.
 */
export async function compressHtml(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (
		request.method === 'HEAD' ||
		response.status !== 200 ||
		!response.body ||
		!type.startsWith('text/html') ||
		response.headers.has('content-encoding') ||
		!response.headers.has('content-length')
	)
		return response;
	const encoding = preferredEncoding(request.headers.get('accept-encoding') ?? '');
	if (!encoding) return response;

	const body = Buffer.from(await response.arrayBuffer());
	const compressed =
		encoding === 'br'
			? brotliCompressSync(body, {
					params: {
						[constants.BROTLI_PARAM_QUALITY]: 5,
						[constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
						[constants.BROTLI_PARAM_SIZE_HINT]: body.length
					}
				})
			: gzipSync(body, { level: 6 });
	const headers = new Headers(response.headers);
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(compressed.length));
	headers.append('vary', 'Accept-Encoding');
	// The same ETag cannot name two encodings of one page: a weak one may (as nginx does when it compresses).
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return new Response(compressed, { status: response.status, statusText: response.statusText, headers });
}

/** br when the client takes it, else gzip, else none; `q=0` refuses an encoding. */
export function preferredEncoding(acceptEncoding: string): 'br' | 'gzip' | null {
	const accepted = new Set(
		acceptEncoding
			.split(',')
			.map((part) => part.trim().toLowerCase().split(';'))
			.filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)))
			.map(([name]) => (name ?? '').trim())
	);
	if (accepted.has('br')) return 'br';
	if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
	return null;
}

import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync, type BrotliOptions } from 'node:zlib';

/**
 * Compresses server-rendered HTML. adapter-node serves the precompressed static files (`precompress: true`) but
 * sends what SvelteKit renders as is; pages are small and rendered per request (CSP nonces), so a fast brotli level
 * is enough. Only complete bodies (with a Content-Length) are compressed: a streamed page must keep streaming.
 * JSON is compressed by compressResponse below.
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

/**
 * JSON smaller than this goes as it is: a member's own pull (the saturation bench's request) is a few KB, which one
 * or two packets carry either way, so compressing it would spend server CPU on every request for no time on the wire.
 */
export const JSON_MIN_BYTES = 8 * 1024;
/** Above this a body is compressed on libuv's thread pool, so one large pull does not hold up the event loop. */
const JSON_ASYNC_BYTES = 64 * 1024;

const brotliAsync = promisify<Buffer, BrotliOptions, Buffer<ArrayBuffer>>(brotliCompress);
const gzipAsync = promisify<Buffer, { level: number }, Buffer<ArrayBuffer>>(gzip);

/**
 * Brotli at quality 4 — the fastest level that still uses brotli's context modelling: a squad leader's first pull of
 * 2,000 members (1,035 KiB of JSON) goes in about 130 KiB instead of 1 MiB, which is seconds on a rural 1 Mbit/s
 * link, for a few milliseconds of server CPU per page (decision 032). gzip for clients without brotli (Chromium on plain
 * http), at level 6: on the column-wise pull page (decision 050) it saves another 5 % over level 4 for 5 ms a megabyte.
 */
const GZIP_LEVEL = 6;
function jsonOptions(length: number): BrotliOptions {
	return {
		params: {
			[constants.BROTLI_PARAM_QUALITY]: 4,
			[constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
			[constants.BROTLI_PARAM_SIZE_HINT]: length
		}
	};
}

async function compressJson(request: Request, response: Response): Promise<Response> {
	const length = Number(response.headers.get('content-length'));
	const encoding = preferredEncoding(request.headers.get('accept-encoding') ?? '');
	if (!encoding || !(length >= JSON_MIN_BYTES)) return response;
	const body = Buffer.from(await response.arrayBuffer());
	const large = body.length >= JSON_ASYNC_BYTES;
	const compressed =
		encoding === 'br'
			? large
				? await brotliAsync(body, jsonOptions(body.length))
				: brotliCompressSync(body, jsonOptions(body.length))
			: large
				? await gzipAsync(body, { level: GZIP_LEVEL })
				: gzipSync(body, { level: GZIP_LEVEL });
	const headers = new Headers(response.headers);
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(compressed.length));
	headers.append('vary', 'Accept-Encoding');
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return new Response(compressed, { status: response.status, statusText: response.statusText, headers });
}

/** Every response the server renders: HTML as compressHtml does, and complete JSON bodies from JSON_MIN_BYTES up. */
export function compressResponse(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (
		type.startsWith('application/json') &&
		request.method !== 'HEAD' &&
		response.status === 200 &&
		response.body &&
		!response.headers.has('content-encoding') &&
		response.headers.has('content-length')
	)
		return compressJson(request, response);
	return compressHtml(request, response);
}

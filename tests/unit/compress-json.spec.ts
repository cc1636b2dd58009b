import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressResponse, JSON_MIN_BYTES } from '../../src/lib/server/compress';

const rows = (n: number) => JSON.stringify({ changes: Array.from({ length: n }, (_, i) => ({ emsNumber: String(100000 + i), firstName: 'Kristin', lastName: 'Aasen', revision: i })) });
const json = (body: string, extra: Record<string, string> = {}) =>
	new Response(body, { headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...extra } });
const get = (acceptEncoding: string, method = 'GET') => new Request('http://localhost/api/sync/pull', { method, headers: { 'accept-encoding': acceptEncoding } });

describe('compressResponse for JSON', () => {
	it('sends a large pull page as brotli, whole, with Vary and its length', async () => {
		const body = rows(5000); // ~400 KB: compressed off the event loop
		const response = await compressResponse(get('gzip, deflate, br'), json(body, { 'cache-control': 'no-store' }));
		expect(response.headers.get('content-encoding')).toBe('br');
		expect(response.headers.get('vary')).toBe('Accept-Encoding');
		expect(response.headers.get('cache-control')).toBe('no-store');
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
		expect(bytes.length).toBeLessThan(body.length / 8);
		expect(brotliDecompressSync(bytes).toString()).toBe(body);
	});

	it('uses gzip where brotli is not offered (Chromium over plain http), for small and large bodies', async () => {
		for (const body of [rows(200), rows(5000)]) {
			const response = await compressResponse(get('gzip, deflate'), json(body));
			expect(response.headers.get('content-encoding')).toBe('gzip');
			expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(body);
		}
	});

	it(`leaves JSON under ${JSON_MIN_BYTES} bytes, errors, HEAD and streamed bodies as they are`, async () => {
		const small = '{"changes":[]}';
		expect((await compressResponse(get('br'), json(small))).headers.has('content-encoding')).toBe(false);
		const big = rows(500);
		expect(Buffer.byteLength(big)).toBeGreaterThan(JSON_MIN_BYTES);
		const refused = new Response(big, { status: 400, headers: { 'content-type': 'application/json', 'content-length': String(big.length) } });
		expect((await compressResponse(get('br'), refused)).headers.has('content-encoding')).toBe(false);
		expect((await compressResponse(get('br', 'HEAD'), json(big))).headers.has('content-encoding')).toBe(false);
		const streamed = new Response(big, { headers: { 'content-type': 'application/json' } });
		expect((await compressResponse(get('br'), streamed)).headers.has('content-encoding')).toBe(false);
		const plain = await compressResponse(get('identity'), json(big));
		expect(plain.headers.has('content-encoding')).toBe(false);
		expect(await plain.text()).toBe(big);
	});

	it('still compresses HTML as before', async () => {
		const html = `<!doctype html>${'<p>EMS Registry</p>'.repeat(200)}`;
		const page = new Response(html, { headers: { 'content-type': 'text/html', 'content-length': String(html.length) } });
		expect((await compressResponse(get('br'), page)).headers.get('content-encoding')).toBe('br');
	});
});

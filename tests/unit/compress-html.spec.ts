import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressHtml, preferredEncoding } from '../../src/lib/server/compress';

const html = `<!doctype html><html><body>${'<p>EMS Registry</p>'.repeat(200)}</body></html>`;
const page = () =>
	new Response(html, {
		headers: { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(html)), etag: '"abc"', 'set-cookie': 'a=1' }
	});
const get = (acceptEncoding: string, method = 'GET') =>
	new Request('http://localhost/', { method, headers: { 'accept-encoding': acceptEncoding } });

describe('compressHtml', () => {
	it('sends brotli when accepted, with a weak ETag, Vary and the other headers kept', async () => {
		const response = await compressHtml(get('gzip, deflate, br'), page());
		expect(response.headers.get('content-encoding')).toBe('br');
		expect(response.headers.get('vary')).toBe('Accept-Encoding');
		expect(response.headers.get('etag')).toBe('W/"abc"');
		expect(response.headers.get('set-cookie')).toBe('a=1');
		const body = Buffer.from(await response.arrayBuffer());
		expect(Number(response.headers.get('content-length'))).toBe(body.length);
		expect(brotliDecompressSync(body).toString()).toBe(html);
	});

	it('falls back to gzip, and leaves the page alone when nothing is accepted', async () => {
		const gzipped = await compressHtml(get('gzip'), page());
		expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe(html);
		const plain = await compressHtml(get('identity'), page());
		expect(plain.headers.has('content-encoding')).toBe(false);
		expect(await plain.text()).toBe(html);
	});

	it('leaves HEAD, JSON and streamed (no Content-Length) responses alone', async () => {
		expect((await compressHtml(get('br', 'HEAD'), page())).headers.has('content-encoding')).toBe(false);
		const json = new Response('{}', { headers: { 'content-type': 'application/json', 'content-length': '2' } });
		expect((await compressHtml(get('br'), json)).headers.has('content-encoding')).toBe(false);
		const streamed = new Response(html, { headers: { 'content-type': 'text/html' } });
		expect((await compressHtml(get('br'), streamed)).headers.has('content-encoding')).toBe(false);
	});
});

describe('preferredEncoding', () => {
	it('honours q=0 refusals', () => {
		expect(preferredEncoding('br;q=0, gzip')).toBe('gzip');
		expect(preferredEncoding('br;q=0.5')).toBe('br');
		expect(preferredEncoding('')).toBe(null);
	});
});

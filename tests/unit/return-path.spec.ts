import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { returnPath } from '../../src/lib/domain/auth-forms';
import { safeReturnPath } from '../../src/lib/server/auth/reauth';

/** Values a browser would turn into another site, or into script, if they were used as a Location or a link. */
const offSite = [
	'//evil.example',
	'/\t/evil.example',
	'/\n/evil.example',
	'/\r\n/evil.example',
	'\t//evil.example',
	'/\\evil.example',
	'\\\\evil.example',
	'/\\/evil.example',
	'\\/evil.example',
	'/\t\\evil.example',
	'https://evil.example/dashboard',
	'https:evil.example',
	'javascript:alert(1)',
	' javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	'java\tscript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'//evil.example/%2F..',
	'/%09/evil.example'.replace('%09', '\u0009'),
	'dashboard',
	'',
	'/\u0000/evil.example'
];

describe('return path after sign-in and "Confirm it\'s you"', () => {
	it.each(offSite)('drops %j', (value) => {
		expect(v.parse(returnPath, value)).toBe('');
		expect(safeReturnPath(value)).toBe('/dashboard');
	});

	it.each([
		['/dashboard', '/dashboard'],
		['/people/42?tab=licenses#top', '/people/42?tab=licenses#top'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		['/a/../dashboard', '/dashboard']
	])('keeps the on-site path %j as %j', (value, kept) => {
		expect(v.parse(returnPath, value)).toBe(kept);
		expect(safeReturnPath(value)).toBe(kept);
	});

	it('what it keeps stays on this site when a browser resolves it', () => {
		for (const value of [...offSite, '/dashboard', '/%2F%2Fevil.example']) {
			const kept = safeReturnPath(value);
			expect(new URL(kept, 'https://registry.example').origin).toBe('https://registry.example');
		}
	});
});

/**
 * Where to go after signing in or "Confirm it's you": a path on this site, or '' when the value would lead anywhere
 * else. Browsers drop tabs and newlines and read `\` as `/`, so `/\t/evil.example` is `//evil.example` to them:
 * the value is resolved the way a browser resolves it and kept only if it stays on the same origin. What is kept
 * is the resolved path, not the typed text, so what was checked is what is used. Control characters are refused
 * outright: no real link of ours has one.
 */
const HERE = 'https://registry.invalid';

export function onSitePath(value: string | null | undefined): string {
	if (!value || !value.startsWith('/') || /[\u0000-\u001f\u007f]/.test(value)) return '';
	let url: URL;
	try {
		url = new URL(value, HERE);
	} catch {
		return '';
	}
	if (url.origin !== HERE) return '';
	const path = url.pathname + url.search + url.hash;
	// A resolved path that starts with two slashes would still be read as another host by the next resolver.
	return path.startsWith('//') ? '' : path;
}

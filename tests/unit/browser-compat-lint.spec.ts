import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The compatibility lint (eslint.config.js, browserslist in package.json) is what stops an API the field's phones
 * lack from shipping: Map.groupBy needs Safari 17.4, and many rural stations run older iOS. Snippets are linted as
 * the text of files the project has, so the lint sees them exactly as it sees client code (with type information).
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function compatMessages(code: string, filePath: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
	return (result?.messages ?? []).filter((m) => /^(compat|es-x)\//.test(m.ruleId ?? '')).map((m) => m.message);
}

// The first lint of each kind of file builds its TypeScript program (several seconds each on a busy machine).
beforeAll(async () => {
	for (const filePath of ['src/lib/client/sync.ts', 'src/routes/sync/+page.svelte', 'src/service-worker.ts']) await eslint.lintText('', { filePath });
}, 120_000);

// Linting a Svelte component with types takes a few seconds each time (svelte-eslint-parser builds its program).
describe('browser compatibility lint', { timeout: 30_000 }, () => {
	it('flags Map.groupBy in client TypeScript', async () => {
		const code = 'export const byAgency = (rows: { agency: string }[]) => Map.groupBy(rows, (r) => r.agency);\n';
		expect(await compatMessages(code, 'src/lib/client/sync.ts')).toEqual([expect.stringContaining('Map.groupBy')]);
	});

	it('flags it in a Svelte component’s script too', async () => {
		const code = '<script lang="ts">\n\tconst { rows }: { rows: { agency: string }[] } = $props();\n\tconst byAgency = $derived(Map.groupBy(rows, (r) => r.agency));\n</script>\n\n<p>{byAgency.size}</p>\n';
		expect(await compatMessages(code, 'src/routes/sync/+page.svelte')).toEqual([expect.stringContaining('Map.groupBy')]);
	});

	it('flags an array method a target lacks, in the service worker too', async () => {
		expect(await eslint.isPathIgnored('src/service-worker.ts')).toBe(false);
		const code = 'export const latest = (xs: number[]) => xs.toSorted((a, b) => b - a)[0];\n';
		expect(await compatMessages(code, 'src/service-worker.ts')).toEqual([expect.stringContaining('toSorted')]);
	});

	it('flags a web API a target lacks', async () => {
		const code = 'export const later = (work: () => void) => requestIdleCallback(work);\n';
		expect(await compatMessages(code, 'src/lib/client/sync.ts')).toEqual(['requestIdleCallback is not supported in Safari 16.4, iOS Safari 16.4']);
	});

	it('leaves alone what every target has, and Dexie’s or an iterator’s methods of the same names', async () => {
		const code =
			'export const last = (xs: number[]) => [xs.at(-1), xs.findLast((x) => x > 0), Object.hasOwn({}, "a"), structuredClone(xs)];\n' +
			'export const keys = (m: Map<string, number>) => [...m.keys()].map((k) => k.length);\n';
		expect(await compatMessages(code, 'src/lib/client/sync.ts')).toEqual([]);
	});
});

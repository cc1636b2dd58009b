// Writes the 10,000 most common passwords (ranked, from @zxcvbn-ts/language-common) to a data file the app ships,
// so the runtime needs only the data, not the package. Run: node scripts/make-common-passwords.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = require.resolve('@zxcvbn-ts/language-common/package.json').replace(/package\.json$/, 'src/passwords.json');
const ranked = JSON.parse(readFileSync(source, 'utf8'));
const top = [];
const seen = new Set();
// Compared case-insensitively at runtime, so store lowercase and drop duplicates that lowercasing creates.
for (const p of ranked) {
	const lower = String(p).toLowerCase();
	if (seen.has(lower)) continue;
	seen.add(lower);
	top.push(lower);
	if (top.length === 10_000) break;
}
writeFileSync('src/lib/domain/data/common-passwords.txt', top.join('\n') + '\n');
console.log(`wrote ${top.length} passwords`);

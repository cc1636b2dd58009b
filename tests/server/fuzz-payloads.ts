import fc from 'fast-check';
import { FIELD_LABELS, SYNC_TABLES, type SyncTable } from '../../src/lib/domain/sync-tables';
import { MUTATION_OPS, type MutationOp } from '../../src/lib/domain/sync-protocol';

/**
 * Hostile request bodies for the fuzz gate (fuzz-hostile-input.spec.ts). Each payload says whether it is
 * unreadable as what the target reads (`unreadable`): such a body must be refused with a 4xx, while a readable but
 * hostile one must only never be a 5xx and, when refused, say why in a sentence.
 */
export interface Payload {
	/** What kind of body it is, for the per-endpoint counts and failure messages. */
	kind: string;
	contentType: string | null;
	body: string | Uint8Array | null;
	/** Extra headers (a lying file name, say). */
	headers?: Record<string, string>;
	/** Query string to append (GET targets), without "?". */
	query?: string;
	/** The body cannot be read as a form (for actions) or as JSON (for JSON endpoints). */
	unreadable: boolean;
}

export const TEN_MB = 10 * 1024 * 1024;

/** Injection- and edge-shaped strings; fast-check mixes them with arbitrary full-unicode text. */
const NASTY = [
	"'; DROP TABLE persons; --",
	"' OR '1'='1",
	'1; SELECT pg_sleep(5)--',
	'" OR ""="',
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'javascript:alert(1)',
	'{{constructor.constructor("return process")()}}',
	'${7*7}',
	'../../../../etc/passwd',
	'..\\..\\..\\windows\\win.ini',
	'%2e%2e%2f%2e%2e%2fetc%2fpasswd',
	'%00',
	'\u0000',
	'\uD800',
	'\uDFFF',
	'\u202Eevil',
	'\u200B\u200C\u200D\uFEFF',
	'e\u0301\u0301\u0301\u0301',
	'👩‍👩‍👧‍👦',
	'𝕳𝖊𝖑𝖑𝖔',
	'__proto__',
	'constructor',
	'prototype',
	'9'.repeat(400),
	'1e308',
	'-0',
	'NaN',
	'Infinity',
	'%',
	'%E0%A4%A',
	'\r\nSet-Cookie: session=evil',
	'A'.repeat(100_000)
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...NASTY) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 32 }) },
	{ weight: 1, arbitrary: fc.emailAddress() }
);

const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 64, 0.1 + 0.2, -0, 1e-324);

const deep = (depth: number, leaf: unknown): unknown => {
	let v: unknown = leaf;
	for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
	return v;
};

/** Any JSON-ish value a hostile client could send. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: hostileString },
	{ weight: 1, arbitrary: hugeNumber },
	{ weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, [], {}) },
	{ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
	{ weight: 1, arbitrary: fc.constantFrom(deep(800, 'x'), deep(200, { __proto__: { admin: true } })) },
	{ weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__":{"role":"office"},"constructor":{"prototype":{"role":"office"}}}')) }
);

const key = (known: string[]) =>
	known.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: hostileString }) : hostileString;

/** Name/value pairs using the target's own field names most of the time. */
const fields = (known: string[]) => fc.array(fc.tuple(key(known), hostileString), { maxLength: 8 });

const BOUNDARY = '----fuzzBoundary7MA4YWxkTrZu0gW';

const multipart = (pairs: [string, string][], file?: { name: string; type: string; bytes: string }) =>
	[
		...pairs.map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k.replace(/[\r\n"]/g, '')}"\r\n\r\n${v}\r\n`),
		file ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n${file.bytes}\r\n` : '',
		`--${BOUNDARY}--\r\n`
	].join('');

// Lone surrogates cannot be percent-encoded; a raw lone "%" or cut escape is sent as is by the 'raw' variant.
const encode = (s: string) => encodeURIComponent(s.toWellFormed());
const urlencoded = (pairs: [string, string][], raw = false) => pairs.map(([k, v]) => (raw ? `${k}=${v}` : `${encode(k)}=${encode(v)}`)).join('&');

/** JSON text of a hostile value, or JSON that is not JSON at all. */
const jsonText = fc.oneof(
	{ weight: 3, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null') },
	{ weight: 1, arbitrary: fc.constantFrom('{"a":', '{', ']', 'NaN', '1e99999', '{"__proto__":', '\u0000', '['.repeat(100_000), `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, `${'['.repeat(50_000)}"x"${']'.repeat(50_000)}`, '{"a":1,"a":2}') }
);

/** Payloads for a target that reads a form (actions) or JSON (endpoints), with its known field names. */
export function payloadsFor(reads: 'form' | 'json' | 'nothing', known: string[]): fc.Arbitrary<Payload> {
	const isForm = reads === 'form';
	const isJson = reads === 'json';
	return fc.oneof(
		fields(known).map((p) => ({ kind: 'text/plain', contentType: 'text/plain', body: p.map(([k, v]) => `${k}=${v}`).join('\r\n'), unreadable: isForm || isJson })),
		fields(known).map((p) => ({
			kind: 'multipart, malformed',
			contentType: `multipart/form-data; boundary=${BOUNDARY}`,
			// Cut before the closing boundary: a multipart body that never ends.
			body: multipart(p).slice(0, -(BOUNDARY.length + 6)) || 'garbage',
			unreadable: isForm || isJson
		})),
		fields(known).map((p) => ({ kind: 'multipart, no boundary', contentType: 'multipart/form-data', body: multipart(p), unreadable: isForm || isJson })),
		fc
			.tuple(fields(known), fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'text/html', 'application/x-msdownload'), hostileString)
			.map(([p, type, name]) => ({
				kind: 'multipart, lying file',
				contentType: `multipart/form-data; boundary=${BOUNDARY}`,
				body: multipart(p, { name, type, bytes: '<script>alert(1)</script>\u0000MZ' }),
				unreadable: isJson
			})),
		fields(known).map((p) => ({ kind: 'urlencoded', contentType: 'application/x-www-form-urlencoded', body: urlencoded(p), unreadable: isJson })),
		fields(known).map((p) => ({ kind: 'urlencoded, raw', contentType: 'application/x-www-form-urlencoded', body: urlencoded(p, true), unreadable: isJson })),
		jsonText.map((body) => ({ kind: 'json', contentType: 'application/json', body, unreadable: isForm })),
		fc.tuple(fc.uint8Array({ maxLength: 256 }), fc.constantFrom(null, '', 'application/octet-stream', 'application/xml', 'text/html', 'application/json; charset=utf-16', 'image/png', 'x/y; boundary=')).map(
			([bytes, contentType]) => ({ kind: 'bytes, odd type', contentType, body: bytes, unreadable: isForm || isJson })
		),
		fc.constantFrom<string | null>(null, 'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain').map((contentType) => ({
			kind: 'empty',
			contentType,
			body: '',
			// An empty urlencoded form is a readable, empty form.
			unreadable: (isForm && contentType !== 'application/x-www-form-urlencoded') || isJson
		}))
	);
}

/** Query strings for GET targets: the page's field names and the ones endpoints read, with hostile values. */
export function queriesFor(known: string[]): fc.Arbitrary<Payload> {
	const names = [...new Set([...known, 'q', 'c', 'cursor', 'limit', 'since', 'next', 'number', 'id', 'token'])];
	// Node itself answers 431 (no body) past 16 KiB of request head: stay under it so the app is what answers.
	const part = (s: string) => s.slice(0, 1000);
	return fc.array(fc.tuple(key(names).map(part), hostileString.map(part)), { maxLength: 6 }).map((p) => ({
		kind: 'query',
		contentType: null,
		body: null,
		query: urlencoded(p).slice(0, 8000),
		unreadable: false
	}));
}

export interface MutationType {
	table: SyncTable;
	op: MutationOp;
}
export const MUTATION_TYPES: MutationType[] = SYNC_TABLES.flatMap((table) => MUTATION_OPS.map((op) => ({ table, op })));

/**
 * A push body of hostile mutations of one type. Values that a field's schema must refuse (wrong types, oversized,
 * nested, prototype keys as field names) on the signer's own record, and anything at all on records named by
 * hostile ids: every one must come back rejected with a reason, or the whole push refused.
 */
export function pushesOf({ table, op }: MutationType, ownId: string): fc.Arbitrary<Payload> {
	const known = Object.keys(FIELD_LABELS[table]);
	const refusedValue = fc.oneof(
		hugeNumber,
		fc.constantFrom(true, [], {}, [['x']], deep(800, 1)),
		fc.constant('x'.repeat(20_000)),
		fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'string' && v !== null)
	);
	const ownChanges = fc.dictionary(fc.oneof(fc.constantFrom(...known), fc.constantFrom('__proto__', 'constructor', 'revision', 'deletedAt', 'id', "'; DROP TABLE persons; --")), refusedValue, { minKeys: 1, maxKeys: 4 });
	const anyChanges = fc.dictionary(key(known), hostileValue, { maxKeys: 4 });
	const hostileId = fc.record({ id: hostileString.filter((s) => s !== ownId && s.length > 0 && s.length <= 64), changes: anyChanges });
	// A delete carries no values to refuse, so a delete of a record the asker may delete is a real delete: only
	// records named by hostile ids are deleted here.
	const mutation = op === 'delete' ? hostileId : fc.oneof(
		fc.record({ id: fc.constant(ownId), changes: ownChanges }),
		fc.record({ id: hostileString.filter((s) => s !== ownId && s.length > 0 && s.length <= 64), changes: anyChanges })
	);
	return fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 5 }), fc.oneof(fc.constant(null), fc.nat(), hugeNumber)).map(([ms, baseRevision]) => ({
		kind: `push ${table} ${op}`,
		contentType: 'application/json',
		body: JSON.stringify({
			clientId: crypto.randomUUID(),
			mutations: ms.map((m, i) => ({ seq: i + 1, table, op, baseRevision: Number.isSafeInteger(baseRevision) && (baseRevision as number) >= 0 ? baseRevision : null, ...m }))
		}),
		unreadable: false
	}));
}

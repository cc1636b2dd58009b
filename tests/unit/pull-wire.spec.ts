import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePullPage, encodePullPage } from '$lib/domain/pull-wire';
import type { PullResponse, SyncRow } from '$lib/domain/sync-protocol';
import { SYNC_TABLES } from '$lib/domain/sync-tables';

const through = (page: PullResponse) => decodePullPage(JSON.parse(JSON.stringify(encodePullPage(page))));

function page(rows: Partial<PullResponse['rows']>): PullResponse {
	const empty = Object.fromEntries(SYNC_TABLES.map((t) => [t, []])) as unknown as PullResponse['rows'];
	return {
		cursor: 42,
		more: false,
		scope: 'licensee:100002',
		account: { accountId: 'a1', role: 'licensee', emsNumber: '100002', leaderOf: [], email: 'medic@example.org' },
		rows: { ...empty, ...rows },
		asOf: '2026-12-03'
	};
}

/** JSON values as a row may hold them (what JSON.parse gives back; no undefined, no -0, no NaN). */
const jsonValue = fc.oneof(
	fc.string(),
	fc.uuid().map((u) => u.toLowerCase()),
	fc.uuid(),
	fc.maxSafeInteger(),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
	fc.boolean(),
	fc.constant(null),
	fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER)
);

describe('the column-wise pull page (decision 050)', () => {
	it('gives back exactly the rows it was given, whatever they hold', () => {
		const fields = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__'), { minLength: 1, maxLength: 6 });
		const table = fields.chain((names) =>
			fc.array(fc.tuple(...names.map(() => jsonValue)).map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]])) as SyncRow), { maxLength: 30 })
		);
		fc.assert(
			fc.property(table, table, fc.array(fc.dictionary(fc.string({ maxLength: 5 }), jsonValue), { maxLength: 5 }), (persons, vehicles, ragged) => {
				const p = page({ persons, vehicles, ceEntries: ragged as SyncRow[] });
				expect(through(p)).toEqual(JSON.parse(JSON.stringify(p)));
			}),
			{ numRuns: 500 }
		);
	});

	it('packs ids and revisions, and leaves out again a field a row did not have', () => {
		const ids = ['e83b7b4f-c972-4cfd-95f3-06901bdd2cd7', '564b2aa9-bd55-4c8a-8386-5d8a3302f3c0'];
		const wire = encodePullPage(
			page({
				affiliations: ids.map((id, i) => ({ id, emsNumber: '100002', revision: 8089 + i * 3, deletedAt: null })) as SyncRow[],
				vehicles: [{ id: ids[0], revision: 1, deletedAt: null }, { id: ids[1], revision: 2 }] as SyncRow[]
			})
		);
		expect(wire.tables.affiliations).toEqual({
			count: 2,
			columns: [
				{ name: 'id', pack: 'uuid', values: ['6Dt7T8lyTP2V8waQG90sNH', 'Vksqqb1VTIqDhl2KMwLzMA'] },
				{ name: 'emsNumber', values: ['100002', '100002'] },
				{ name: 'revision', pack: 'delta', values: [8089, 3] },
				{ name: 'deletedAt', values: [null, null] }
			]
		});
		// A field one row lacks is absent there, and stays absent.
		expect(wire.tables.vehicles.columns[2]).toEqual({ name: 'deletedAt', values: [null, null], absent: [1, 2] });
		expect(decodePullPage(JSON.parse(JSON.stringify(wire))).rows.vehicles).toEqual([{ id: ids[0], revision: 1, deletedAt: null }, { id: ids[1], revision: 2 }]);
		// An upper-case id is not canonical: packing it would give it back in lower case.
		const upper = encodePullPage(page({ vehicles: [{ id: ids[0]!.toUpperCase(), revision: 1, deletedAt: null }] as SyncRow[] }));
		expect(upper.tables.vehicles).toMatchObject({ columns: [{ name: 'id', values: [ids[0]!.toUpperCase()] }, { pack: 'delta' }, {}] });
	});

	it('reads a page in the row form too (the server answers so when not asked for columns)', () => {
		const p = page({ persons: [{ emsNumber: '100002', revision: 3, deletedAt: null }] as SyncRow[] });
		expect(decodePullPage(p)).toBe(p);
	});

	it('is smaller after gzip than the row form, for a roster of 2,000', () => {
		const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
		const uuid = (i: number) => `${hex(i * 2654435761 % 0xffffffff, 8)}-${hex(i % 0xffff, 4)}-4${hex(i * 7 % 0xfff, 3)}-a${hex(i * 13 % 0xfff, 3)}-${hex(i * 40503 % 0xffffffff, 8)}${hex(i % 0xffff, 4)}`;
		const affiliations = Array.from({ length: 2000 }, (_, i) => ({ id: uuid(i), emsNumber: String(100000 + i), agencyNumber: 'A0001', role: 'member', startedOn: '2020-02-13', endedOn: null, revision: 5000 + i, deletedAt: null })) as SyncRow[];
		const rows = gzipSync(JSON.stringify(page({ affiliations }))).length;
		const columns = gzipSync(JSON.stringify(encodePullPage(page({ affiliations })))).length;
		expect(columns).toBeLessThan(rows * 0.8);
	});
});

import { describe, expect, it } from 'vitest';
import { FIRST_PULL_URL } from '$lib/client/first-pull';
import { PULL_WIRE_PARAM } from '$lib/domain/pull-wire';
import { recordFromFirstPull } from '$lib/client/record-snapshot';
import { officeOnlyFiles, type ViteManifest } from '$lib/pwa/precache-scope';
import type { PullResponse } from '$lib/domain/sync-protocol';
import { PULL_LIMIT } from '$lib/client/sync';

// Decision 044: a new device's dashboard is drawn from its first pull page before Dexie loads; decision 045: the
// office's own chunks stay out of the precache.

const row = (fields: Record<string, unknown>) => ({ revision: 1, deletedAt: null, ...fields });

function page(overrides: Partial<PullResponse> = {}): PullResponse {
	return {
		cursor: 9,
		more: false,
		scope: 's',
		asOf: '2026-12-02',
		account: { accountId: 'a1', role: 'licensee', emsNumber: '100002', leaderOf: [], email: 'pat@example.org' },
		rows: {
			persons: [row({ emsNumber: '100002', firstName: 'Pat', lastName: 'Lee' }), row({ emsNumber: '100009', firstName: 'Other', lastName: 'One' })],
			credentials: [row({ id: 'c1', emsNumber: '100002', level: 'Paramedic' }), row({ id: 'c2', emsNumber: '100009' }), row({ id: 'c3', emsNumber: '100002', deletedAt: '2026-01-01' })],
			affiliations: [row({ id: 'f1', emsNumber: '100002', agencyNumber: 'A1' }), row({ id: 'f2', emsNumber: '100009', agencyNumber: 'A2' })],
			agencies: [row({ number: 'A1', name: 'Valley' }), row({ number: 'A2', name: 'Hill' })],
			vehicles: []
		} as unknown as PullResponse['rows'],
		requests: [
			{ id: 'r1', kind: 'name', table: 'persons', recordId: '100002', changes: { lastName: 'Ray' }, status: 'pending', decisionNote: null, decidedAt: null, requestedAt: '2026-11-30T10:00:00Z', revision: 3 },
			{ id: 'r2', kind: 'member_addition', table: 'affiliations', recordId: 'f9', changes: {}, status: 'pending', decisionNote: null, decidedAt: null, requestedAt: '2026-11-30T10:00:00Z', revision: 4 }
		],
		...overrides
	};
}

describe('recordFromFirstPull', () => {
	it("keeps only the signed-in person's rows, as the device database will hold them", () => {
		const record = recordFromFirstPull(page())!;
		expect(record.person).toEqual({ revision: 1, emsNumber: '100002', firstName: 'Pat', lastName: 'Lee' });
		expect(record.credentials.map((c) => c.id)).toEqual(['c1']);
		expect(record.affiliations.map((a) => a.id)).toEqual(['f1']);
		expect(record.agencies.map((a) => a.name)).toEqual(['Valley']);
		expect(record.requests).toEqual([
			expect.objectContaining({ id: 'r1', recordId: '100002', status: 'pending', at: '2026-11-30T10:00:00Z', message: '' })
		]);
		expect(record.confirmedEmail).toBe('pat@example.org');
		expect(record.activity).toEqual([]);
	});

	it('gives nothing to draw when the page does not hold the person (office staff, deleted row)', () => {
		expect(recordFromFirstPull(page({ account: { ...page().account, emsNumber: null } }))).toBeNull();
		const deleted = page();
		deleted.rows.persons = [row({ emsNumber: '100002', deletedAt: '2026-01-01' })] as PullResponse['rows']['persons'];
		expect(recordFromFirstPull(deleted)).toBeNull();
	});

	it('asks for the same first page the sync engine asks for', () => {
		expect(FIRST_PULL_URL).toBe(`/api/sync/pull?cursor=0&limit=${PULL_LIMIT}&${PULL_WIRE_PARAM}`);
	});
});

describe('officeOnlyFiles', () => {
	const manifest: ViteManifest = {
		'app.js': { file: 'app.js', isEntry: true, dynamicImports: ['nodes/1.js', 'nodes/2.js'] },
		'nodes/1.js': { file: 'n1.js', isEntry: true, imports: ['_shared.js'], dynamicImports: ['lazy.ts'] },
		'nodes/2.js': { file: 'n2.js', isEntry: true, imports: ['_shared.js', 'chart.ts'], css: ['office.css'] },
		'_shared.js': { file: 'shared.js' },
		'lazy.ts': { file: 'lazy.js' },
		'chart.ts': { file: 'chart.js', imports: ['_shared.js'] }
	};
	const isOffice = (key: string) => key === 'nodes/2.js';

	it("leaves out the office's nodes and what only they import, keeping shared and lazily loaded chunks", () => {
		expect([...officeOnlyFiles(manifest, isOffice)].sort()).toEqual(['chart.js', 'n2.js', 'office.css']);
	});

	it('keeps a chunk the office shares with any other page', () => {
		const shared: ViteManifest = { ...manifest, 'nodes/1.js': { file: 'n1.js', isEntry: true, imports: ['_shared.js', 'chart.ts'], dynamicImports: ['lazy.ts'] } };
		expect([...officeOnlyFiles(shared, isOffice)].sort()).toEqual(['n2.js', 'office.css']);
	});
});

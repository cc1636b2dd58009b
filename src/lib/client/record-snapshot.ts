import type { PullResponse } from '$lib/domain/sync-protocol';
import type { LocalAffiliation, LocalAgency, LocalCredential, LocalPerson, RequestEntry } from './device-db';
import type { MyRecord } from './my-record';

/**
 * The dashboard's first screen without Dexie (decision 044): a copy of the signed-in person's record (a few KB)
 * kept in localStorage beside the device database and rewritten whenever the dashboard's live query answers, or,
 * on a device that holds nothing yet, the record read from the first pull page. Dexie stays the truth: the live
 * record replaces this copy as soon as it loads. Wiped with the device's data (device-in-use.ts).
 */

const KEY = 'ems-registry:record-snapshot';
const VERSION = 1;

interface Stored {
	v: number;
	record: MyRecord;
}

export function readRecordSnapshot(): MyRecord | null {
	try {
		const text = localStorage.getItem(KEY);
		if (!text) return null;
		const stored = JSON.parse(text) as Stored;
		return stored.v === VERSION && stored.record?.person?.emsNumber ? stored.record : null;
	} catch {
		return null;
	}
}

export function keepRecordSnapshot(record: MyRecord): void {
	try {
		localStorage.setItem(KEY, JSON.stringify({ v: VERSION, record } satisfies Stored));
	} catch {
		// Storage full or disabled: the next first screen waits for Dexie, as before.
	}
}

export function forgetRecordSnapshot(): void {
	try {
		localStorage.removeItem(KEY);
	} catch {
		// nothing kept
	}
}

/** What the device database will hold for the person once the engine stores this page (sync.ts applyPage). */
export function recordFromFirstPull(page: PullResponse): MyRecord | null {
	const ems = page.account.emsNumber;
	const live = <T>(rows: Record<string, unknown>[]): T[] =>
		rows.filter((r) => !r.deletedAt).map(({ deletedAt: _d, ...row }) => row as T);
	const person = ems ? live<LocalPerson>(page.rows.persons).find((p) => p.emsNumber === ems) : undefined;
	if (!ems || !person) return null;
	const affiliations = live<LocalAffiliation>(page.rows.affiliations).filter((a) => a.emsNumber === ems);
	const agencies = live<LocalAgency>(page.rows.agencies);
	const requests: RequestEntry[] = (page.requests ?? [])
		.filter((r) => r.table === 'persons' && r.recordId === ems)
		.map((r) => ({
			id: r.id,
			table: r.table,
			recordId: r.recordId,
			changes: r.changes,
			message: '',
			at: r.requestedAt,
			status: r.status,
			decisionNote: r.decisionNote,
			decidedAt: r.decidedAt,
			kind: r.kind
		}));
	return {
		person,
		credentials: live<LocalCredential>(page.rows.credentials).filter((c) => c.emsNumber === ems),
		affiliations,
		agencies: affiliations.map((a) => agencies.find((g) => g.number === a.agencyNumber)).filter((g): g is LocalAgency => !!g),
		requests,
		queuedRequests: [],
		activity: [],
		confirmedEmail: page.account.email,
		emailQueued: false
	};
}

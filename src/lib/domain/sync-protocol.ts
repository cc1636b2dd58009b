import * as v from 'valibot';
import type { FieldErrors } from './validation';
import { SYNC_TABLES, type SyncTable } from './sync-tables';
import type { AgencyLicenseForPrint, LicenseForPrint } from './license-for-print';

/**
 * What device and server say to each other when syncing. A mutation names one record and carries only the
 * fields that changed, the revision of the record the person was looking at (base revision), and the device's
 * own sequence number, which makes a resend recognisable.
 */

export const MUTATION_OPS = ['insert', 'update', 'delete'] as const;
export type MutationOp = (typeof MUTATION_OPS)[number];

/** Most mutations one push may carry; the device sends larger queues in several pushes. */
export const MAX_MUTATIONS_PER_PUSH = 500;
export const MAX_PULL_LIMIT = 5000;
export const DEFAULT_PULL_LIMIT = 1000;

export const mutationSchema = v.object({
	seq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
	table: v.picklist(SYNC_TABLES),
	// No control characters: no device makes such an id, and PostgreSQL cannot even look one up (U+0000).
	id: v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[^\u0000-\u001f\u007f]+$/)),
	op: v.picklist(MUTATION_OPS),
	baseRevision: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
	changes: v.record(v.string(), v.unknown()),
	/** Why a person asks for a change that needs approval (a legal name change). */
	reason: v.optional(v.pipe(v.string(), v.maxLength(1000)))
});
export type Mutation = v.InferOutput<typeof mutationSchema>;

export const pushRequestSchema = v.pipe(
	v.object({
		clientId: v.pipe(v.string(), v.uuid('The device id must be a UUID.')),
		mutations: v.pipe(v.array(mutationSchema), v.maxLength(MAX_MUTATIONS_PER_PUSH))
	}),
	v.check(
		(r) => r.mutations.every((m, i) => i === 0 || m.seq > r.mutations[i - 1]!.seq),
		'Mutations must be in increasing sequence order.'
	)
);
export type PushRequest = v.InferOutput<typeof pushRequestSchema>;

/**
 * The push endpoint's answer (400) to a body it cannot read, most likely from a device on an older version of
 * the app: sending it again cannot help, so the device stops, keeps its changes, and asks the person to reload.
 */
export interface PushUnreadable {
	message: string;
	action: 'reload';
}
export const PUSH_UNREADABLE: PushUnreadable = {
	message: 'This app is out of date, so the server could not read its changes. Reload to update it; your changes are kept on this device.',
	action: 'reload'
};

export const pullQuerySchema = v.object({
	cursor: v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number)),
	limit: v.optional(
		v.pipe(v.string(), v.regex(/^\d{1,5}$/), v.transform(Number), v.minValue(1), v.maxValue(MAX_PULL_LIMIT)),
		String(DEFAULT_PULL_LIMIT)
	),
	/** The `asOf` of the device's last answer; absent: the device was never told (decision 021). */
	since: v.optional(v.nullable(v.pipe(v.string(), v.isoDate())), null),
	/** `columns`: the page in the column-wise wire form (pull-wire.ts, decision 050); absent: rows as objects. */
	wire: v.optional(v.nullable(v.picklist(['columns'])), null)
});

/** The server kept its value of a field because it changed after the device last saw the record. */
export interface FieldConflict {
	field: string;
	label: string;
	yourValue: unknown;
	serverValue: unknown;
	/** Row revision the server compared against; re-applying "your value" is based on it. */
	serverRevision: number;
}

export type MutationResult =
	| {
			seq: number;
			status: 'applied';
			/** Row revision written, or null when nothing needed writing (all equal or all in conflict). */
			revision: number | null;
			conflicts: FieldConflict[];
			/** The server's values of the mutated fields afterwards (normalised, or the winning value). */
			current: Record<string, unknown>;
	  }
	| {
			seq: number;
			status: 'rejected';
			/** A sentence a person understands. */
			reason: string;
			errors?: FieldErrors;
			/** The server's values of the mutated fields (null when the record is not visible). */
			current: Record<string, unknown> | null;
	  }
	| {
			seq: number;
			status: 'requested';
			requestId: string;
			message: string;
			current: Record<string, unknown> | null;
	  };

export interface PushResponse {
	results: MutationResult[];
	/** Set when the server stopped early; mutations without a result stay queued and are sent again. */
	retryLater?: string;
}

export type SyncRow = Record<string, unknown> & { revision: number; deletedAt: string | null };

export interface PullResponse {
	/** Send this as the next cursor. */
	cursor: number;
	/** More pages wait after this one. */
	more: boolean;
	/** Changes when what the person may see changes (e.g. they lead another agency); the device then starts over. */
	scope: string;
	/** Who the server knows the caller as: the device keeps one person's data at a time. */
	account: {
		accountId: string;
		role: 'licensee' | 'office';
		emsNumber: string | null;
		leaderOf: string[];
		/** The confirmed address (codes, notices); the record's email differs while a change waits for confirmation. */
		email: string;
	};
	rows: Record<SyncTable, SyncRow[]>;
	/**
	 * The day (UTC, YYYY-MM-DD) on which the server decided who is a current member: a squad leader's device sends
	 * it back as `since`, and the next answer re-sends, without contact details, every member whose affiliation
	 * ended in between (an end date passing changes no row, so no revision would carry it; decision 021).
	 */
	asOf: string;
	/** Licenses re-signed because this page changed them; absent when it changed none. */
	signed?: SignedForDevice;
	/** The caller's own requests to the office that changed on this page (new, approved or returned); absent when none. */
	requests?: PulledRequest[];
}

/** A request the caller sent to the office (a name change, a roster addition), as its device files it. */
export interface PulledRequest {
	id: string;
	kind: string;
	table: SyncTable;
	recordId: string;
	changes: Record<string, unknown>;
	status: 'pending' | 'approved' | 'rejected';
	decisionNote: string | null;
	decidedAt: string | null;
	requestedAt: string;
	revision: number;
}

/**
 * Signed licenses for printing offline. `license` present: replaces the device's copy (null: there is none to
 * print any more). `agencies`: replaces the copy of each agency listed.
 */
export interface SignedForDevice {
	license?: LicenseForPrint | null;
	agencies?: AgencyLicenseForPrint[];
}

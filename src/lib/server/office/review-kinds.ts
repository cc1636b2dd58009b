import * as v from 'valibot';
import { fullName } from '../../domain/format';
import { parseFieldRevisions, stampFieldRevisions } from '../../domain/sync-conflicts';
import { PERSON_NAME_FIELDS, type SyncTable } from '../../domain/sync-tables';
import type { Db } from '../db';
import type { ChangeRequestsTable } from '../db/schema';
import type { Selectable } from 'kysely';
import { RENEWAL_REVIEW_KIND } from '../renewal/renewal-kind';

export type ChangeRequestRow = Selectable<ChangeRequestsTable>;
export type ReviewKind = ChangeRequestsTable['kind'];

/** The client id written into field_revisions for the office's writes, so a device's older edit conflicts with it. */
export const OFFICE_CLIENT_ID = 'office';

export interface ApplyContext {
	trx: Db;
	revision: number;
	now: string;
}

/**
 * One entry per kind of request the office reviews. The queue, the item page, the decision and the device all
 * read what they need from here, so a new kind (renewal applications, issue 12) is one more entry.
 */
export interface ReviewKindEntry {
	/** Plural label of the queue filter and counts. */
	label: string;
	/** What a person reads on the dashboard or roster ("Name change", "Roster addition"). */
	noun: string;
	/** The synced table (and record id) the device files the request under. */
	table: SyncTable;
	recordId: (request: Pick<ChangeRequestRow, 'id' | 'emsNumber'>, changes: Record<string, unknown>) => string;
	/** One line for the queue. */
	summary: (changes: Record<string, unknown>, person: PersonName | null) => string;
	/** Applies an approval inside the deciding transaction; returns a sentence when it cannot be applied. */
	approve: (ctx: ApplyContext, request: ChangeRequestRow, changes: Record<string, unknown>) => Promise<string | null>;
}

export interface PersonName {
	firstName: string;
	middleName: string | null;
	lastName: string;
	suffix: string | null;
}

const nameChangeSchema = v.object({
	firstName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(60))),
	middleName: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(60)))),
	lastName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(60))),
	suffix: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(20))))
});

const memberAdditionSchema = v.object({
	id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
	agencyNumber: v.pipe(v.string(), v.minLength(1), v.maxLength(20)),
	emsNumber: v.pipe(v.string(), v.minLength(1), v.maxLength(20)),
	role: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
	startedOn: v.pipe(v.string(), v.isoDate())
});

async function approveNameChange({ trx, revision, now }: ApplyContext, request: ChangeRequestRow, raw: Record<string, unknown>): Promise<string | null> {
	const parsed = v.safeParse(nameChangeSchema, raw);
	if (!parsed.success) return 'This name change cannot be applied: its stored values are not a valid name.';
	const person = await trx.selectFrom('persons').select(['revision', 'fieldRevisions', 'deletedAt']).where('emsNumber', '=', request.emsNumber).executeTakeFirst();
	if (!person || person.deletedAt) return 'This person is no longer in the registry, so the name change cannot be applied.';
	const changes = Object.fromEntries(Object.entries(parsed.output).filter(([k, value]) => (PERSON_NAME_FIELDS as readonly string[]).includes(k) && value !== undefined));
	const stamp = stampFieldRevisions(parseFieldRevisions(person.fieldRevisions), Number(person.revision), Object.keys(changes), revision, OFFICE_CLIENT_ID);
	await trx
		.updateTable('persons')
		.set({ ...changes, revision, updatedAt: now, fieldRevisions: JSON.stringify(stamp) })
		.where('emsNumber', '=', request.emsNumber)
		.execute();
	return null;
}

async function approveMemberAddition({ trx, revision, now }: ApplyContext, request: ChangeRequestRow, raw: Record<string, unknown>): Promise<string | null> {
	const parsed = v.safeParse(memberAdditionSchema, raw);
	if (!parsed.success || parsed.output.emsNumber !== request.emsNumber) return 'This roster addition cannot be applied: its stored values are incomplete.';
	const a = parsed.output;
	const [person, agency, existing] = await Promise.all([
		trx.selectFrom('persons').select('deletedAt').where('emsNumber', '=', a.emsNumber).executeTakeFirst(),
		trx.selectFrom('agencies').select('deletedAt').where('number', '=', a.agencyNumber).executeTakeFirst(),
		trx.selectFrom('affiliations').select('id').where('id', '=', a.id).executeTakeFirst()
	]);
	if (!person || person.deletedAt) return 'This person is no longer in the registry, so they cannot be added.';
	if (!agency || agency.deletedAt) return 'This agency is no longer in the registry, so the member cannot be added.';
	if (existing) return 'This affiliation already exists, so it was not added again.';
	const fields = { emsNumber: a.emsNumber, agencyNumber: a.agencyNumber, role: a.role, startedOn: a.startedOn, endedOn: null };
	const stamp: Record<string, unknown> = { '*': revision };
	for (const f of Object.keys(fields)) stamp[f] = [revision, OFFICE_CLIENT_ID];
	await trx
		.insertInto('affiliations')
		.values({ id: a.id, ...fields, revision, updatedAt: now, deletedAt: null, fieldRevisions: JSON.stringify(stamp) })
		.execute();
	return null;
}

export const REVIEW_KINDS: Record<ReviewKind, ReviewKindEntry> = {
	name: {
		label: 'Legal name changes',
		noun: 'Name change',
		table: 'persons',
		recordId: (r) => r.emsNumber,
		summary: (changes, person) => {
			const to = person ? fullName({ ...person, ...(changes as Partial<PersonName>) }) : '';
			return person ? `${fullName(person)} → ${to}` : 'Name change';
		},
		approve: approveNameChange
	},
	member_addition: {
		label: 'Roster additions',
		noun: 'Roster addition',
		table: 'affiliations',
		recordId: (r, changes) => String(changes.id ?? r.id),
		summary: (changes, person) => `${person ? fullName(person) : String(changes.emsNumber ?? '')} to agency ${String(changes.agencyNumber ?? '')} as ${String(changes.role ?? '')}`,
		approve: approveMemberAddition
	},
	renewal: RENEWAL_REVIEW_KIND
};

export const REVIEW_KIND_NAMES = Object.keys(REVIEW_KINDS) as ReviewKind[];

export const isReviewKind = (kind: string): kind is ReviewKind => Object.hasOwn(REVIEW_KINDS, kind);

export function parseChanges(json: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(json);
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

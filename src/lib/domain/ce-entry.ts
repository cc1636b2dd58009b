import * as v from 'valibot';
import { emsNumber, isoDate, optionalText, recordId, requiredText } from './fields';
import { CE_FORMATS } from './ce-formats';
import { COMPONENTS, TOPICS } from './recert-models';

export { CE_FORMATS, CE_FORMAT_NAMES } from './ce-formats';

/**
 * A continuing-education entry as it syncs (table `ceEntries`): the field rules a person meets in the CE log's
 * form, on the device before queueing and on the server for every push. The NCCP rules that decide what counts
 * are in recert.ts; this file only says what a well-formed entry is.
 */

export const MAX_HOURS_PER_ENTRY = 24;

/** The day after today in UTC: the latest date any time zone can call today. The form itself checks the local day. */
function latestToday(): string {
	return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

export const ceHours = v.pipe(
	v.union([v.number(), v.pipe(v.string(), v.trim(), v.nonEmpty('Hours are required.'), v.transform(Number))], 'Hours are required.'),
	v.check((n) => Number.isFinite(n), 'Hours must be a number, like 1.5.'),
	v.check((n) => n > 0, 'Hours must be more than 0.'),
	v.check((n) => n <= MAX_HOURS_PER_ENTRY, `One entry can have at most ${MAX_HOURS_PER_ENTRY} hours; log a longer course as several days.`),
	v.check((n) => Number.isInteger(n * 4), 'Hours go in steps of a quarter hour: 0.25, 0.5, 0.75, 1 …')
);

export const ceCompletedOn = v.pipe(
	isoDate('Date completed'),
	v.check((d) => d <= latestToday(), 'Date completed cannot be in the future.')
);

/** Pediatric content yes/no, kept as 0/1 (SQLite has no boolean column). */
export const cePediatric = v.pipe(
	v.nullish(v.union([v.boolean(), v.picklist([0, 1])]), 0),
	v.transform((p) => (p === true || p === 1 ? 1 : 0))
);

const optionalPick = <T extends readonly string[]>(options: T, message: string) =>
	v.pipe(
		v.nullish(v.string(), null),
		v.transform((s) => (s === null || s === '' ? null : s)),
		v.check((s) => s === null || (options as readonly string[]).includes(s), message),
		v.transform((s) => s as T[number] | null)
	);

/** Every field of a CE entry with its rule (the sync field-schema map takes these). */
export const CE_ENTRY_FIELDS = {
	id: recordId,
	emsNumber,
	title: requiredText('Course title', 200),
	provider: requiredText('Provider', 200),
	completedOn: ceCompletedOn,
	hours: ceHours,
	format: v.picklist(CE_FORMATS, 'Choose the CAPCE format.'),
	component: optionalPick(COMPONENTS, 'Choose National, Local or Individual.'),
	topic: optionalPick(TOPICS, 'Choose one of the five national topics.'),
	pediatric: cePediatric,
	courseNumber: optionalText('Course number', 64),
	/** File name of the certificate the server holds; set by the upload endpoint, never by a mutation. */
	certificate: optionalText('Certificate', 200)
};

/** The whole-entry rule: national education must name its topic (NREMT returns it otherwise). */
export const ceEntrySchema = v.pipe(
	v.object(CE_ENTRY_FIELDS),
	v.forward(
		v.check((e) => e.component !== 'national' || e.topic !== null, 'A National entry needs its topic.'),
		['topic']
	)
);
export type CeEntryRecord = v.InferOutput<typeof ceEntrySchema>;

/**
 * Recertification progress under the NREMT NCCP: which education counts, where, and what is still missing.
 * Pure and dependency-free (the rules are data in recert-models.ts), so the device computes it on every change
 * offline, and the dashboard's one-line summary can load it lazily without pulling a schema library.
 *
 * Hours are handled as whole minutes: entries come in quarter hours and the distributive caps are thirds of
 * component hours (20/3 h = 400 min), so every sum is exact.
 */
import {
	COMPONENTS,
	COMPONENT_NAMES,
	DISTRIBUTIVE_CAPS,
	MODEL_SCHEDULE,
	NCCP_MODELS,
	TOPICS,
	TOPIC_NAMES,
	type Component,
	type ModelId,
	type RecertLevel,
	type Topic
} from './recert-models';

export type { Component, ModelId, RecertLevel, Topic } from './recert-models';

/** CAPCE delivery formats: F1 live in person, F2 conference, F3 self-paced online (distributive), F4 journal, F5 live virtual. */
export type CeFormat = 'F1' | 'F2' | 'F3' | 'F4' | 'F5';

export interface CeEntry {
	id: string;
	title: string;
	provider: string;
	completedOn: string;
	hours: number;
	format: CeFormat;
	component?: Component | null;
	topic?: Topic | null;
	/** The entry's hours are pediatric content. */
	pediatric?: boolean | null;
	courseNumber?: string | null;
}

export interface Progress {
	required: number;
	counted: number;
}

export interface Allocation {
	component: Component;
	topic?: Topic;
	hours: number;
}

export interface EntryResult {
	id: string;
	countedHours: number;
	allocation: Allocation[];
	/** Why (part of) the entry does not count, in words for the person. */
	notCountedReason?: string;
}

export interface RecertResult {
	model: ModelId;
	complete: boolean;
	totalRequired: number;
	totalCounted: number;
	components: Record<Component, Progress>;
	topics: Record<Topic, Progress>;
	/** Required 0 where the model has no pediatric rule. */
	pediatric: Progress;
	/** Whether this cycle still had the distributive (F3) caps. */
	distributiveCapped: boolean;
	entries: EntryResult[];
}

export interface RecertInput {
	level: RecertLevel;
	cycleStart: string;
	cycleEnd: string;
	/** Given: it wins (North Dakota holds its EMRs to the 2016 model). Omitted: NREMT's rule by the cycle's end. */
	model?: ModelId;
	entries: readonly CeEntry[];
}

/** NREMT's model for a cycle of this level ending on `cycleEnd`. */
export function modelFor(level: RecertLevel, cycleEnd: string): ModelId {
	let chosen = MODEL_SCHEDULE[0]!.model;
	for (const step of MODEL_SCHEDULE) if (cycleEnd >= step.forExpirationsFrom[level]) chosen = step.model;
	return chosen;
}

/** Whether a cycle of this level ending on `cycleEnd` still capped distributive (F3) education. */
export function distributiveCapsApply(level: RecertLevel, cycleEnd: string): boolean {
	return cycleEnd < DISTRIBUTIVE_CAPS.forExpirationsBefore[level];
}

const minutes = (hours: number) => Math.round(hours * 60);
const hoursOf = (min: number) => min / 60;

/** The same course, however it was typed: by course number, else by title, provider and day. */
function courseKey(e: CeEntry): string {
	const number = (e.courseNumber ?? '').replace(/[\s-]/g, '').toUpperCase();
	if (number) return `#${number}`;
	const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
	return `${norm(e.title)}|${norm(e.provider)}|${e.completedOn}`;
}

interface Candidate {
	entry: CeEntry;
	result: EntryResult;
	left: number;
	f3: boolean;
	cappedOut: boolean;
}

const byDate = (a: Candidate, b: Candidate) =>
	a.entry.completedOn < b.entry.completedOn ? -1 : a.entry.completedOn > b.entry.completedOn ? 1 : a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0;

export function evaluateRecert(input: RecertInput): RecertResult {
	const { level, cycleStart, cycleEnd } = input;
	const model = input.model ?? modelFor(level, cycleEnd);
	const rules = NCCP_MODELS[model];
	const capped = distributiveCapsApply(level, cycleEnd);

	const need = Object.fromEntries(COMPONENTS.map((c) => [c, minutes(rules.components[level][c])])) as Record<Component, number>;
	const topicNeed = Object.fromEntries(TOPICS.map((t) => [t, minutes(rules.topics[level][t])])) as Record<Topic, number>;
	const required = { components: { ...need }, topics: { ...topicNeed }, pediatric: minutes(rules.pediatric?.[level] ?? 0) };
	const capLeft: Record<Component, number> = { national: Infinity, local: Infinity, individual: Infinity };
	if (capped) {
		for (const c of COMPONENTS) {
			const share = DISTRIBUTIVE_CAPS.share[c];
			if (share !== undefined) capLeft[c] = Math.round(need[c] * share);
		}
	}
	let pediatricCounted = 0;

	const results = new Map<string, EntryResult>();
	const candidates: Candidate[] = [];
	const firstOfCourse = new Map<string, Map<string, CeEntry>>();
	const screened = input.entries.map((entry) => {
		const result: EntryResult = { id: entry.id, countedHours: 0, allocation: [] };
		results.set(entry.id, result);
		return { entry, result, left: minutes(entry.hours), f3: entry.format === 'F3', cappedOut: false };
	});
	// The earliest entry of a course counts; a later one in the same component and topic is a duplicate. The same
	// course in another component or topic is the course split across them, which NREMT allows.
	for (const c of [...screened].sort(byDate)) {
		const { entry, result } = c;
		if (!(c.left > 0)) {
			result.notCountedReason = 'It has no hours.';
			continue;
		}
		if (entry.completedOn < cycleStart) {
			result.notCountedReason = `Completed ${entry.completedOn}, before this cycle began on ${cycleStart}.`;
			continue;
		}
		if (entry.completedOn > cycleEnd) {
			result.notCountedReason = `Completed ${entry.completedOn}, after this cycle ends on ${cycleEnd}.`;
			continue;
		}
		const key = courseKey(entry);
		const slot = `${entry.component ?? 'individual'}/${entry.topic ?? ''}`;
		const slots = firstOfCourse.get(key) ?? new Map<string, CeEntry>();
		firstOfCourse.set(key, slots);
		const first = slots.get(slot);
		if (first) {
			result.notCountedReason = `A course counts once: this is the same course as “${first.title}” completed ${first.completedOn}.`;
			continue;
		}
		slots.set(slot, entry);
		candidates.push(c);
	}

	const give = (c: Candidate, component: Component, topic: Topic | undefined, room: number) => {
		let take = Math.min(c.left, room);
		if (c.f3 && capLeft[component] < take) {
			take = capLeft[component];
			c.cappedOut = true;
		}
		if (take <= 0) return 0;
		c.left -= take;
		if (c.f3) capLeft[component] -= take;
		const existing = c.result.allocation.find((a) => a.component === component && a.topic === topic);
		if (existing) existing.hours += take;
		else c.result.allocation.push(topic ? { component, topic, hours: take } : { component, hours: take });
		return take;
	};

	// National topics first, pediatric content before the rest (so the pediatric share is met whenever the hours
	// exist), live before distributive (so a capped F3 hour is the one that moves on).
	const national = candidates
		.filter((c) => c.entry.component === 'national' && c.entry.topic)
		.sort((a, b) => Number(!!b.entry.pediatric) - Number(!!a.entry.pediatric) || Number(a.f3) - Number(b.f3) || byDate(a, b));
	for (const c of national) {
		const topic = c.entry.topic!;
		const took = give(c, 'national', topic, topicNeed[topic]);
		topicNeed[topic] -= took;
		need.national -= took;
		if (c.entry.pediatric) pediatricCounted += took;
	}
	// Hours beyond national flow to local, and hours beyond local to individual; individual flows nowhere.
	const local = candidates
		.filter((c) => c.left > 0 && (c.entry.component === 'national' || c.entry.component === 'local'))
		.sort((a, b) => Number(a.entry.component === 'national') - Number(b.entry.component === 'national') || Number(a.f3) - Number(b.f3) || byDate(a, b));
	for (const c of local) need.local -= give(c, 'local', undefined, need.local);
	for (const c of [...candidates].sort(byDate)) if (c.left > 0) need.individual -= give(c, 'individual', undefined, need.individual);

	for (const c of candidates) {
		const total = c.result.allocation.reduce((s, a) => s + a.hours, 0);
		c.result.countedHours = hoursOf(total);
		for (const a of c.result.allocation) a.hours = hoursOf(a.hours);
		if (c.left > 0) {
			const rest = formatHours(hoursOf(c.left));
			c.result.notCountedReason = c.cappedOut
				? `${rest} of self-paced online (F3) education ${c.left === 60 ? 'is' : 'are'} over this cycle’s cap for distributive education, and the rest of the cycle is already met.`
				: `${rest} ${c.left === 60 ? 'is' : 'are'} more than this cycle needs: where ${c.left === 60 ? 'it' : 'they'} could count is already met.`;
		}
	}

	const progress = (req: number, left: number): Progress => ({ required: hoursOf(req), counted: hoursOf(req - left) });
	const components = Object.fromEntries(COMPONENTS.map((c) => [c, progress(required.components[c], need[c])])) as Record<Component, Progress>;
	const topics = Object.fromEntries(TOPICS.map((t) => [t, progress(required.topics[t], topicNeed[t])])) as Record<Topic, Progress>;
	const pediatric = { required: hoursOf(required.pediatric), counted: hoursOf(Math.min(pediatricCounted, required.pediatric)) };
	const totalRequired = COMPONENTS.reduce((s, c) => s + required.components[c], 0);
	const totalLeft = COMPONENTS.reduce((s, c) => s + need[c], 0);
	return {
		model,
		complete: totalLeft === 0 && TOPICS.every((t) => topicNeed[t] === 0) && pediatricCounted >= required.pediatric,
		totalRequired: hoursOf(totalRequired),
		totalCounted: hoursOf(totalRequired - totalLeft),
		components,
		topics,
		pediatric,
		distributiveCapped: capped,
		entries: input.entries.map((e) => results.get(e.id)!)
	};
}

/** "2.5", "6.67", "1" — hours as a person reads them. */
export function formatHours(hours: number): string {
	return String(Math.round(hours * 100) / 100);
}

const amount = (hours: number, unit: 'hour' | 'credit') => `${formatHours(hours)} more ${unit}${hours === 1 ? '' : 's'}`;

/** What is still missing, one plain sentence each: "2.5 more hours of Trauma". Empty when complete. */
export function whatIsMissing(result: RecertResult): string[] {
	const unit = NCCP_MODELS[result.model].unit;
	const out: string[] = [];
	for (const t of TOPICS) {
		const gap = result.topics[t].required - result.topics[t].counted;
		if (gap > 0) out.push(`${amount(gap, unit)} of ${TOPIC_NAMES[t]}`);
	}
	const pediatricGap = result.pediatric.required - result.pediatric.counted;
	if (pediatricGap > 0) out.push(`${amount(pediatricGap, unit)} of pediatric content within the National topics`);
	for (const c of ['local', 'individual'] as const) {
		const gap = result.components[c].required - result.components[c].counted;
		if (gap > 0) out.push(`${amount(gap, unit)} of ${COMPONENT_NAMES[c]} education`);
	}
	return out;
}

const dayNumber = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;
const dateOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** A two-year cycle ending on `expiresOn` starts the day after the previous expiration. */
export function cycleEnding(expiresOn: string): { cycleStart: string; cycleEnd: string } {
	const previous = `${+expiresOn.slice(0, 4) - 2}${expiresOn.slice(4)}`;
	// 29 February two years back does not exist: the cycle then starts on 1 March.
	const start = previous.endsWith('-02-29') ? `${previous.slice(0, 4)}-03-01` : dateOf(dayNumber(previous) + 1);
	return { cycleStart: start, cycleEnd: expiresOn };
}

/** Whole days from `today` to the cycle's last day, that day included as left (0 once it has passed). */
export function daysLeft(cycleEnd: string, today: string): number {
	return Math.max(0, dayNumber(cycleEnd) - dayNumber(today));
}

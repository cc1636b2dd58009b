import { describe, expect, it } from 'vitest';
import {
	cycleEnding,
	daysLeft,
	distributiveCapsApply,
	evaluateRecert,
	modelFor,
	whatIsMissing,
	type CeEntry,
	type RecertInput
} from '../../src/lib/domain/recert';
import { NCCP_MODELS } from '../../src/lib/domain/recert-models';

let serial = 0;
/** One entry; every test names only what it is about. */
function ce(over: Partial<CeEntry> = {}): CeEntry {
	serial += 1;
	return {
		id: `e${serial}`,
		title: `Course ${serial}`,
		provider: 'Sanford Health',
		completedOn: '2026-01-15',
		hours: 1,
		format: 'F1',
		component: 'individual',
		...over
	};
}
const nat = (topic: CeEntry['topic'], hours: number, over: Partial<CeEntry> = {}) => ce({ component: 'national', topic, hours, ...over });

// A cycle under the 2025 model (expires 2027-03-31) and one under the 2016 model with no caps (2025-03-31).
const cycle2025 = { cycleStart: '2025-04-01', cycleEnd: '2027-03-31' };
const cycle2016 = { cycleStart: '2023-04-01', cycleEnd: '2025-03-31' };
const run = (input: Partial<RecertInput> & Pick<RecertInput, 'level'>) => evaluateRecert({ ...cycle2025, entries: [], ...input });
const entry = (result: ReturnType<typeof evaluateRecert>, id: string) => result.entries.find((e) => e.id === id)!;

describe('which model applies', () => {
	it('EMT and up: 2016 model for expirations through 2025-03-31, 2025 model from 2025-04-01', () => {
		for (const level of ['EMT', 'AEMT', 'Paramedic'] as const) {
			expect(modelFor(level, '2025-03-31')).toBe('NCCP-2016');
			expect(modelFor(level, '2025-04-01')).toBe('NCCP-2025');
			expect(modelFor(level, '2027-03-31')).toBe('NCCP-2025');
		}
		expect(modelFor('EMT', '2023-03-31')).toBe('NCCP-2016');
	});

	it('EMR: 2016 model for expirations through 2025-09-30, 2025 model from 2025-10-01', () => {
		expect(modelFor('EMR', '2025-09-30')).toBe('NCCP-2016');
		expect(modelFor('EMR', '2025-10-01')).toBe('NCCP-2025');
		// An EMT cycle ending 2025-09-30 is already on the 2025 model: the boundary is per level.
		expect(modelFor('EMT', '2025-09-30')).toBe('NCCP-2025');
	});

	it('omitted, evaluateRecert chooses by the rule; given, the model wins (North Dakota EMRs on 2016)', () => {
		expect(run({ level: 'EMT', cycleStart: '2023-04-01', cycleEnd: '2025-03-31' }).model).toBe('NCCP-2016');
		expect(run({ level: 'EMT', cycleStart: '2023-04-02', cycleEnd: '2025-04-01' }).model).toBe('NCCP-2025');
		const ndEmr = run({ level: 'EMR', cycleStart: '2025-07-01', cycleEnd: '2027-06-30', model: 'NCCP-2016' });
		expect(ndEmr.model).toBe('NCCP-2016');
		expect(ndEmr.topics.cardiovascular.required).toBe(2.5);
		expect(ndEmr.pediatric.required).toBe(0);
		expect(run({ level: 'EMR', cycleStart: '2025-07-01', cycleEnd: '2027-06-30' }).model).toBe('NCCP-2025');
	});
});

describe('requirements per level', () => {
	it('totals and components are the same in both models', () => {
		const expected = {
			EMR: [16, 8, 4, 4],
			EMT: [40, 20, 10, 10],
			AEMT: [50, 25, 12.5, 12.5],
			Paramedic: [60, 30, 15, 15]
		} as const;
		for (const model of ['NCCP-2016', 'NCCP-2025'] as const) {
			for (const [level, [total, national, local, individual]] of Object.entries(expected)) {
				const r = run({ level: level as keyof typeof expected, model });
				expect([r.totalRequired, r.components.national.required, r.components.local.required, r.components.individual.required]).toEqual([
					total,
					national,
					local,
					individual
				]);
				expect(r.totalCounted).toBe(0);
				expect(r.complete).toBe(false);
			}
		}
	});

	it('national topics: 2016 model', () => {
		const topics = (level: 'EMR' | 'EMT' | 'AEMT' | 'Paramedic') =>
			Object.values(run({ level, model: 'NCCP-2016' }).topics).map((t) => t.required);
		expect(topics('EMR')).toEqual([1, 2.5, 0.5, 3, 1]);
		expect(topics('EMT')).toEqual([1.5, 6, 1.5, 6, 5]);
		expect(topics('AEMT')).toEqual([2.5, 7, 3, 7.5, 5]);
		expect(topics('Paramedic')).toEqual([3.5, 8.5, 3, 8.5, 6.5]);
	});

	it('national topics and pediatric share: 2025 model', () => {
		const r = (level: 'EMR' | 'EMT' | 'AEMT' | 'Paramedic') => run({ level, model: 'NCCP-2025' });
		expect(Object.values(r('EMR').topics).map((t) => t.required)).toEqual([1.5, 2, 1, 2.5, 1]);
		expect(Object.values(r('EMT').topics).map((t) => t.required)).toEqual([4, 5, 3, 6, 2]);
		expect(Object.values(r('AEMT').topics).map((t) => t.required)).toEqual([5, 6, 4, 7, 3]);
		expect(Object.values(r('Paramedic').topics).map((t) => t.required)).toEqual([6, 7, 5, 8, 4]);
		expect(['EMR', 'EMT', 'AEMT', 'Paramedic'].map((l) => r(l as 'EMR').pediatric.required)).toEqual([0.8, 2, 2.5, 3]);
		expect(run({ level: 'EMT', model: 'NCCP-2016' }).pediatric).toEqual({ required: 0, counted: 0 });
	});
});

describe('counting', () => {
	it('an EMT with exactly the 2016 hours in the right places is complete', () => {
		const on = { completedOn: '2024-06-01' };
		const entries = [
			nat('airway', 1.5, on),
			nat('cardiovascular', 6, on),
			nat('trauma', 1.5, on),
			nat('medical', 6, on),
			nat('operations', 5, on),
			ce({ component: 'local', hours: 10, ...on }),
			ce({ component: 'individual', hours: 10, ...on })
		];
		const r = run({ level: 'EMT', ...cycle2016, entries });
		expect(r.complete).toBe(true);
		expect(r.totalCounted).toBe(40);
		expect(r.components.national.counted).toBe(20);
		expect(whatIsMissing(r)).toEqual([]);
		expect(r.entries.every((e) => e.notCountedReason === undefined)).toBe(true);
	});

	it('fractional AEMT hours: 12.25 of 12.5 local leaves a quarter hour', () => {
		const local = ce({ component: 'local', hours: 12.25, completedOn: '2024-06-01' });
		const individual = ce({ component: 'individual', hours: 12.5, completedOn: '2024-06-01' });
		const r = run({ level: 'AEMT', ...cycle2016, entries: [local, individual] });
		expect(r.components.local).toEqual({ required: 12.5, counted: 12.25 });
		expect(r.components.individual).toEqual({ required: 12.5, counted: 12.5 });
		expect(whatIsMissing(r)).toContain('0.25 more hours of Local (state or agency) education');
	});

	it('national hours beyond a topic flow to local, then to individual', () => {
		// EMT 2025: Trauma needs 3; a 15-hour trauma course fills it, then local's 10, then 2 of individual.
		const big = nat('trauma', 15);
		const r = run({ level: 'EMT', entries: [big] });
		expect(r.topics.trauma).toEqual({ required: 3, counted: 3 });
		expect(r.components.national.counted).toBe(3);
		expect(r.components.local.counted).toBe(10);
		expect(r.components.individual.counted).toBe(2);
		expect(entry(r, big.id)).toEqual({
			id: big.id,
			countedHours: 15,
			allocation: [
				{ component: 'national', topic: 'trauma', hours: 3 },
				{ component: 'local', hours: 10 },
				{ component: 'individual', hours: 2 }
			]
		});
	});

	it('local hours beyond local flow to individual; individual hours flow nowhere', () => {
		const local = ce({ component: 'local', hours: 13 });
		const individual = ce({ component: 'individual', hours: 12, completedOn: '2026-02-01' });
		const r = run({ level: 'EMT', entries: [local, individual] });
		expect(r.components.local.counted).toBe(10);
		expect(r.components.individual.counted).toBe(10);
		expect(r.components.national.counted).toBe(0);
		expect(entry(r, local.id).countedHours).toBe(13);
		expect(entry(r, individual.id).countedHours).toBe(7);
		expect(entry(r, individual.id).notCountedReason).toBe('5 are more than this cycle needs: where they could count is already met.');
	});

	it('an entry with no component counts as individual; a national entry with no topic counts as local', () => {
		const loose = ce({ component: undefined, hours: 2 });
		const noTopic = ce({ component: 'national', topic: undefined, hours: 3 });
		const r = run({ level: 'EMT', entries: [loose, noTopic] });
		expect(entry(r, loose.id).allocation).toEqual([{ component: 'individual', hours: 2 }]);
		expect(entry(r, noTopic.id).allocation).toEqual([{ component: 'local', hours: 3 }]);
		expect(r.components.national.counted).toBe(0);
	});

	it('an entry with no hours does not count and says so', () => {
		const zero = ce({ hours: 0 });
		expect(entry(run({ level: 'EMT', entries: [zero] }), zero.id)).toMatchObject({ countedHours: 0, notCountedReason: 'It has no hours.' });
	});

	it('the result lists entries in the order given', () => {
		const a = ce({ completedOn: '2026-05-01' });
		const b = ce({ completedOn: '2025-05-01' });
		expect(run({ level: 'EMT', entries: [a, b] }).entries.map((e) => e.id)).toEqual([a.id, b.id]);
	});
});

describe('cycle dates', () => {
	it('education counts on the first and last day of the cycle, not the day before or after', () => {
		const dayBefore = ce({ completedOn: '2025-03-31' });
		const firstDay = ce({ completedOn: '2025-04-01' });
		const lastDay = ce({ completedOn: '2027-03-31' });
		const dayAfter = ce({ completedOn: '2027-04-01' });
		const r = run({ level: 'EMT', entries: [dayBefore, firstDay, lastDay, dayAfter] });
		expect(entry(r, dayBefore.id)).toMatchObject({
			countedHours: 0,
			notCountedReason: 'Completed 2025-03-31, before this cycle began on 2025-04-01.'
		});
		expect(entry(r, firstDay.id).countedHours).toBe(1);
		expect(entry(r, lastDay.id).countedHours).toBe(1);
		expect(entry(r, dayAfter.id)).toMatchObject({
			countedHours: 0,
			notCountedReason: 'Completed 2027-04-01, after this cycle ends on 2027-03-31.'
		});
		expect(r.totalCounted).toBe(2);
	});

	it('a cycle ending 2027-03-31 began 2025-04-01; days left count to its last day', () => {
		expect(cycleEnding('2027-03-31')).toEqual({ cycleStart: '2025-04-01', cycleEnd: '2027-03-31' });
		expect(cycleEnding('2027-06-30')).toEqual({ cycleStart: '2025-07-01', cycleEnd: '2027-06-30' });
		expect(cycleEnding('2028-02-29')).toEqual({ cycleStart: '2026-03-01', cycleEnd: '2028-02-29' });
		expect(daysLeft('2027-03-31', '2026-11-26')).toBe(125);
		expect(daysLeft('2027-03-31', '2027-03-31')).toBe(0);
		expect(daysLeft('2027-03-31', '2027-05-01')).toBe(0);
	});
});

describe('a course counts once', () => {
	it('the same course number, however typed, in the same component and topic is a duplicate; the earliest counts', () => {
		const later = nat('medical', 2, { courseNumber: 'ce 12-345', title: 'Sepsis update', completedOn: '2026-03-01' });
		const first = nat('medical', 2, { courseNumber: 'CE12345', title: 'Sepsis', completedOn: '2026-02-01' });
		const r = run({ level: 'EMT', entries: [later, first] });
		expect(entry(r, first.id).countedHours).toBe(2);
		expect(entry(r, later.id)).toMatchObject({
			countedHours: 0,
			notCountedReason: 'A course counts once: this is the same course as “Sepsis” completed 2026-02-01.'
		});
		expect(r.topics.medical.counted).toBe(2);
	});

	it('with no course number, the same title, provider and day is a duplicate', () => {
		const a = ce({ title: 'PHTLS Refresher', provider: 'NAEMT', completedOn: '2026-04-04', component: 'local', hours: 4 });
		const b = ce({ title: ' phtls  refresher', provider: 'naemt', completedOn: '2026-04-04', component: 'local', hours: 4 });
		const r = run({ level: 'EMT', entries: [a, b] });
		expect(r.components.local.counted).toBe(4);
		expect(entry(r, b.id).notCountedReason).toMatch(/^A course counts once/);
	});

	it('one course split across topics or components counts in each part', () => {
		const airway = nat('airway', 2, { courseNumber: '24-RF-100' });
		const trauma = nat('trauma', 1, { courseNumber: '24-RF-100' });
		const local = ce({ component: 'local', hours: 1, courseNumber: '24-RF-100' });
		const r = run({ level: 'EMT', entries: [airway, trauma, local] });
		expect(r.totalCounted).toBe(4);
		expect(r.entries.every((e) => e.notCountedReason === undefined)).toBe(true);
	});
});

describe('distributive (F3) caps', () => {
	it('apply to EMT-and-up cycles expiring before 2023-03-31 and EMR cycles before 2023-09-30', () => {
		expect(distributiveCapsApply('EMT', '2023-03-30')).toBe(true);
		expect(distributiveCapsApply('Paramedic', '2023-03-30')).toBe(true);
		expect(distributiveCapsApply('EMT', '2023-03-31')).toBe(false);
		expect(distributiveCapsApply('EMR', '2023-09-29')).toBe(true);
		expect(distributiveCapsApply('EMR', '2023-09-30')).toBe(false);
		expect(distributiveCapsApply('EMR', '2023-03-31')).toBe(true);
	});

	const capped = { cycleStart: '2021-03-31', cycleEnd: '2023-03-30' };
	const uncapped = { cycleStart: '2021-04-01', cycleEnd: '2023-03-31' };

	it('national F3 is capped at a third of national (EMT: 6⅔ of 20); the rest flows to local within its two-thirds cap', () => {
		const medical = nat('medical', 6, { format: 'F3', completedOn: '2022-01-01' });
		const cardio = nat('cardiovascular', 6, { format: 'F3', completedOn: '2022-02-01' });
		const r = run({ level: 'EMT', ...capped, entries: [medical, cardio] });
		expect(r.distributiveCapped).toBe(true);
		expect(r.topics.medical.counted).toBe(6);
		expect(r.topics.cardiovascular.counted).toBeCloseTo(2 / 3, 10);
		expect(r.components.national.counted).toBeCloseTo(20 / 3, 10);
		expect(r.components.local.counted).toBeCloseTo(16 / 3, 10);
		expect(entry(r, cardio.id).countedHours).toBe(6);

		const open = run({ level: 'EMT', ...uncapped, entries: [medical, cardio] });
		expect(open.distributiveCapped).toBe(false);
		expect(open.components.national.counted).toBe(12);
		expect(open.components.local.counted).toBe(0);
	});

	it('EMR on the day before and the day of 2023-09-30: a third of 8 national hours, then none', () => {
		const f3 = nat('medical', 3, { format: 'F3', completedOn: '2022-06-01' });
		const before = run({ level: 'EMR', cycleStart: '2021-09-30', cycleEnd: '2023-09-29', entries: [f3] });
		expect(before.topics.medical.counted).toBeCloseTo(8 / 3, 10);
		expect(before.components.local.counted).toBeCloseTo(1 / 3, 10);
		const on = run({ level: 'EMR', cycleStart: '2021-10-01', cycleEnd: '2023-09-30', entries: [f3] });
		expect(on.topics.medical.counted).toBe(3);
	});

	it('live virtual (F5) and other formats are live: never capped', () => {
		const entries = (['F1', 'F2', 'F4', 'F5'] as const).map((format) => nat('medical', 1.5, { format, completedOn: '2022-01-01' }));
		const r = run({ level: 'EMT', ...capped, entries });
		expect(r.topics.medical.counted).toBe(6);
	});

	it('live education takes the capped places first, so the F3 hour is the one that moves', () => {
		const f3 = nat('medical', 6, { format: 'F3', completedOn: '2022-01-01' });
		const live = nat('medical', 6, { format: 'F1', completedOn: '2022-06-01' });
		const r = run({ level: 'EMT', ...capped, entries: [f3, live] });
		expect(entry(r, live.id).allocation).toEqual([{ component: 'national', topic: 'medical', hours: 6 }]);
		expect(entry(r, f3.id).allocation).toEqual([{ component: 'local', hours: 6 }]);
	});

	it('individual has no cap; F3 hours with nowhere left are not counted and say why', () => {
		const individual = ce({ component: 'individual', hours: 10, completedOn: '2021-05-01' });
		const f3Local = ce({ component: 'local', hours: 10, format: 'F3', completedOn: '2022-01-01' });
		const r = run({ level: 'EMT', ...capped, entries: [individual, f3Local] });
		expect(r.components.local.counted).toBeCloseTo(20 / 3, 10);
		expect(r.components.individual.counted).toBe(10);
		expect(entry(r, f3Local.id).countedHours).toBeCloseTo(20 / 3, 10);
		expect(entry(r, f3Local.id).notCountedReason).toBe(
			'3.33 of self-paced online (F3) education are over this cycle’s cap for distributive education, and the rest of the cycle is already met.'
		);
		const f3Individual = ce({ component: 'individual', hours: 10, format: 'F3', completedOn: '2022-01-01' });
		expect(run({ level: 'EMT', ...capped, entries: [f3Individual] }).components.individual.counted).toBe(10);
	});
});

describe('pediatric content (2025 model)', () => {
	it('counts inside the national topic hours, not on top of them', () => {
		const ped = nat('medical', 3, { pediatric: true });
		const r = run({ level: 'Paramedic', entries: [ped] });
		expect(r.pediatric).toEqual({ required: 3, counted: 3 });
		expect(r.topics.medical.counted).toBe(3);
		expect(r.components.national.counted).toBe(3);
		expect(r.totalCounted).toBe(3);
	});

	it('pediatric entries fill a topic before others, so a full topic never hides pediatric hours', () => {
		// EMT Trauma needs 3: 3 ordinary hours logged first, then 2 pediatric. Pediatric takes 2 of the 3.
		const ordinary = nat('trauma', 3, { completedOn: '2025-06-01' });
		const ped = nat('trauma', 2, { pediatric: true, completedOn: '2026-06-01' });
		const r = run({ level: 'EMT', entries: [ordinary, ped] });
		expect(r.pediatric).toEqual({ required: 2, counted: 2 });
		expect(r.topics.trauma.counted).toBe(3);
		expect(entry(r, ordinary.id).allocation).toEqual([
			{ component: 'national', topic: 'trauma', hours: 1 },
			{ component: 'local', hours: 2 }
		]);
	});

	it('pediatric hours outside national (or beyond a full topic) do not meet the share', () => {
		const localPed = ce({ component: 'local', hours: 4, pediatric: true });
		const overflow = nat('operations', 4, { pediatric: true });
		const r = run({ level: 'Paramedic', entries: [localPed, overflow] });
		// Operations needs 4 for a Paramedic: all 4 are national and pediatric, shown against the 3 required.
		expect(r.pediatric).toEqual({ required: 3, counted: 3 });
		expect(r.complete).toBe(false);
		const small = run({ level: 'EMT', entries: [nat('operations', 4, { pediatric: true })] });
		// Operations needs 2 for an EMT: only those 2 are national, so 2 pediatric count.
		expect(small.pediatric).toEqual({ required: 2, counted: 2 });
		const none = run({ level: 'EMT', entries: [localPed] });
		expect(none.pediatric.counted).toBe(0);
		expect(whatIsMissing(none)).toContain('2 more credits of pediatric content within the National topics');
	});

	it('all topics met but pediatric short is not complete', () => {
		const entries = [
			nat('airway', 4),
			nat('cardiovascular', 5),
			nat('trauma', 3),
			nat('medical', 6),
			nat('operations', 1),
			nat('operations', 1, { pediatric: true }),
			ce({ component: 'local', hours: 10 }),
			ce({ component: 'individual', hours: 10 })
		];
		const r = run({ level: 'EMT', entries });
		expect(r.totalCounted).toBe(40);
		expect(r.pediatric.counted).toBe(1);
		expect(r.complete).toBe(false);
		expect(whatIsMissing(r)).toEqual(['1 more credit of pediatric content within the National topics']);
	});

	it('EMR 0.8 pediatric: 48 minutes, exactly', () => {
		const r = run({ level: 'EMR', cycleStart: '2025-10-01', cycleEnd: '2027-09-30', entries: [nat('medical', 0.75, { pediatric: true })] });
		expect(r.pediatric).toEqual({ required: 0.8, counted: 0.75 });
		expect(whatIsMissing(r)).toContain('0.05 more credits of pediatric content within the National topics');
	});
});

describe('what is missing, in words', () => {
	it('names each topic and component short of its hours', () => {
		const r = run({
			level: 'Paramedic',
			...cycle2016,
			entries: [nat('trauma', 0.5, { completedOn: '2024-06-01' }), ce({ component: 'local', hours: 14, completedOn: '2024-06-01' })]
		});
		expect(whatIsMissing(r)).toEqual([
			'3.5 more hours of Airway, Respiration & Ventilation',
			'8.5 more hours of Cardiovascular',
			'2.5 more hours of Trauma',
			'8.5 more hours of Medical',
			'6.5 more hours of Operations',
			'1 more hour of Local (state or agency) education',
			'15 more hours of Individual education'
		]);
	});
});

describe('the rules data', () => {
	it('each model’s topic hours add up to the national component, and pediatric is a tenth of it', () => {
		for (const model of Object.values(NCCP_MODELS)) {
			for (const level of ['EMR', 'EMT', 'AEMT', 'Paramedic'] as const) {
				const topics = Object.values(model.topics[level]).reduce((s, h) => s + h, 0);
				expect(topics).toBeCloseTo(model.components[level].national, 10);
				if (model.pediatric) expect(model.pediatric[level]).toBeCloseTo(model.components[level].national / 10, 10);
			}
		}
	});
});

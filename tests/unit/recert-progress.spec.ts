import { describe, expect, it } from 'vitest';
import { recertPlan, recertProgress, recertSummary, type CeRow } from '../../src/lib/domain/recert-progress';

let n = 0;
const row = (over: Partial<CeRow>): CeRow => ({
	id: crypto.randomUUID(),
	title: `Course ${++n}`,
	provider: 'Provider',
	completedOn: '2026-01-10',
	hours: 1,
	format: 'F1',
	component: 'individual',
	topic: null,
	pediatric: 0,
	courseNumber: null,
	...over
});

describe('which cycle the CE page tracks', () => {
	it('EMT and up: the NREMT expiration and NREMT’s model', () => {
		const plan = recertPlan({ level: 'Paramedic', expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31' });
		expect(plan).toEqual({ level: 'Paramedic', cycleStart: '2025-04-01', cycleEnd: '2027-03-31', cycleOf: 'NREMT certification' });
		expect(recertProgress(plan!, [], '2026-11-26').modelName).toBe('NCCP 2025 model');
	});

	it('a North Dakota EMR: the state certification to June 30, on the 2016 model (the state’s rule)', () => {
		const plan = recertPlan({ level: 'EMR', expiresOn: '2027-06-30', nremtExpiresOn: '2026-09-30' })!;
		expect(plan).toMatchObject({ cycleStart: '2025-07-01', cycleEnd: '2027-06-30', model: 'NCCP-2016', cycleOf: 'state certification' });
		const progress = recertProgress(plan, [], '2027-06-01');
		expect(progress.result.totalRequired).toBe(16);
		expect(progress.result.pediatric.required).toBe(0);
		expect(progress.daysLeft).toBe(29);
	});

	it('no credential, or an unknown level: nothing to track', () => {
		expect(recertPlan(null)).toBeNull();
		expect(recertPlan({ level: 'Nurse', expiresOn: '2027-03-31', nremtExpiresOn: null })).toBeNull();
	});
});

describe('the dashboard’s one line', () => {
	const plan = recertPlan({ level: 'EMT', expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31' })!;

	it('counts what is in, what is left and the days', () => {
		const p = recertProgress(plan, [row({ hours: 10 }), row({ component: 'local', hours: 2.5 })], '2026-11-26');
		expect(recertSummary(p)).toBe('12.5 of 40 credits counted · 27.5 to go · 125 days left');
	});

	it('says when hours are all in but a requirement is still short (pediatric)', () => {
		const national = (topic: CeRow['topic'], hours: number, pediatric = 0) => row({ component: 'national', topic, hours, pediatric });
		const rows = [
			national('airway', 4),
			national('cardiovascular', 5),
			national('trauma', 3),
			national('medical', 6),
			national('operations', 2),
			row({ component: 'local', hours: 10 }),
			row({ hours: 10 })
		];
		const p = recertProgress(plan, rows, '2027-03-30');
		expect(recertSummary(p)).toBe('40 of 40 credits counted · 1 requirement short · 1 day left');
		const done = recertProgress(plan, [...rows.slice(0, 4), national('operations', 2, 1), national('trauma', 0.5, 1), ...rows.slice(5)], '2027-03-30');
		expect(done.result.complete).toBe(true);
		expect(recertSummary(done)).toBe('All 40 credits counted · ready to recertify · 1 day left');
	});
});

import { describe, expect, it } from 'vitest';
import { suggestTopic } from '../../src/lib/domain/ce-topic-suggestion';
import { checkCeForm, type CeForm } from '../../src/lib/domain/ce-entry-form';

describe('topic suggested from the course title', () => {
	it('recognises common course names', () => {
		expect(suggestTopic('ACLS Renewal')).toEqual({ component: 'national', topic: 'cardiovascular', pediatric: false });
		expect(suggestTopic('PALS provider course')).toEqual({ component: 'national', topic: 'cardiovascular', pediatric: true });
		expect(suggestTopic('PHTLS refresher')).toMatchObject({ topic: 'trauma' });
		expect(suggestTopic('Airway management lab')).toMatchObject({ topic: 'airway' });
		expect(suggestTopic('Sepsis recognition')).toMatchObject({ topic: 'medical' });
		expect(suggestTopic('MCI triage drill')).toMatchObject({ topic: 'operations' });
		expect(suggestTopic('Pediatric trauma')).toEqual({ component: 'national', topic: 'trauma', pediatric: true });
		expect(suggestTopic('Newborn care')).toEqual({ component: 'national', topic: 'medical', pediatric: true });
	});

	it('suggests nothing for a short or unknown title', () => {
		expect(suggestTopic('Ab')).toBeNull();
		expect(suggestTopic('Monthly squad meeting')).toBeNull();
		// Whole words only: "bobcat" is not "ob".
		expect(suggestTopic('Bobcat handling')).toBeNull();
	});
});


describe('the CE form’s check', () => {
	const form = (over: Partial<CeForm> = {}): CeForm => ({
		title: 'ACLS renewal',
		provider: 'AHA',
		completedOn: '2026-11-20',
		hours: '4.5',
		format: 'F1',
		component: 'national',
		topic: 'cardiovascular',
		pediatric: 'no',
		courseNumber: '',
		...over
	});

	it('turns what was typed into an entry', () => {
		expect(checkCeForm(form(), '2026-11-26')).toEqual({
			ok: true,
			value: { title: 'ACLS renewal', provider: 'AHA', completedOn: '2026-11-20', hours: 4.5, format: 'F1', component: 'national', topic: 'cardiovascular', pediatric: 0, courseNumber: null }
		});
		expect(checkCeForm(form({ component: 'local', topic: 'trauma', pediatric: 'yes' }), '2026-11-26')).toMatchObject({ ok: true, value: { topic: null, pediatric: 1 } });
	});

	it('puts each problem beside its field', () => {
		const result = checkCeForm(form({ title: '', hours: '1.3', completedOn: '2026-11-27', topic: '', format: '' }), '2026-11-26');
		expect(result).toEqual({
			ok: false,
			errors: {
				title: 'Course title is required.',
				hours: 'Hours go in steps of a quarter hour: 0.25, 0.5, 0.75, 1 …',
				completedOn: 'Date completed cannot be in the future.',
				format: 'Choose the CAPCE format.',
				topic: 'A National entry needs its topic.'
			}
		});
		expect(checkCeForm(form({ hours: '' }), '2026-11-26')).toMatchObject({ errors: { hours: 'Hours are required.' } });
		expect(checkCeForm(form({ hours: 'abc' }), '2026-11-26')).toMatchObject({ errors: { hours: 'Hours must be a number, like 1.5.' } });
		expect(checkCeForm(form({ hours: '25' }), '2026-11-26')).toMatchObject({ errors: { hours: expect.stringMatching(/at most 24/) } });
		expect(checkCeForm(form({ component: '' }), '2026-11-26')).toMatchObject({ errors: { component: 'Choose National, Local or Individual.' } });
		expect(checkCeForm(form({ completedOn: '2026-11-26' }), '2026-11-26').ok).toBe(true);
	});
});

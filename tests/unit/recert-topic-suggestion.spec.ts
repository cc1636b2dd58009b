import { describe, expect, it } from 'vitest';
import { suggestTopic } from '../../src/lib/domain/ce-topic-suggestion';

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

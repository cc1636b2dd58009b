import type { Component, Topic } from './recert-models';

/**
 * A first guess at where a course belongs, from words in its title, so most entries need no choosing. Only a
 * suggestion: the form shows it selected and the person changes it. Checked in this order; the first match wins.
 */
const TOPIC_WORDS: readonly [Topic, RegExp][] = [
	['airway', /\b(airway|ventilat\w*|respirat\w*|intubat\w*|capnograph\w*|oxygen|asthma|copd|cpap|bvm|rsi|breathing)\b/i],
	['cardiovascular', /\b(cardi\w*|acls|pals|cpr|bls|stroke|stemi|ecg|ekg|12[- ]lead|resuscitat\w*|arrest|heart|aed)\b/i],
	['trauma', /\b(trauma|phtls|itls|tccc|stop the bleed|bleed\w*|hemorrhag\w*|fractur\w*|burns?|spinal|head injur\w*|tbi|tourniquet)\b/i],
	['operations', /\b(operations?|hazmat|mci|mass casualty|triage|ics|nims|incident command|evoc|driving|ambulance safety|documentation|scene safety|crew resource|at-risk|culture of safety)\b/i],
	['medical', /\b(medical|diabet\w*|sepsis|seizure\w*|overdose|toxicolog\w*|ob|obstetric\w*|childbirth|anaphyla\w*|allerg\w*|behavioral|psychiatric|pharmacolog\w*|geriatric|neurolog\w*|endocrin\w*|pain)\b/i]
];
const PEDIATRIC_WORDS = /\b(pediatric\w*|paediatric\w*|pals|pepp|epc|neonat\w*|newborn|infant\w*|child\w*|kids?)\b/i;

export interface TopicSuggestion {
	component: Component;
	topic: Topic | null;
	pediatric: boolean;
}

/** null when the title says nothing recognisable (too short, or no known words). */
export function suggestTopic(title: string): TopicSuggestion | null {
	const text = title.trim();
	if (text.length < 3) return null;
	const pediatric = PEDIATRIC_WORDS.test(text);
	for (const [topic, words] of TOPIC_WORDS) if (words.test(text)) return { component: 'national', topic, pediatric };
	return pediatric ? { component: 'national', topic: 'medical', pediatric } : null;
}

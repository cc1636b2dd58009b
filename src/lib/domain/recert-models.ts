/**
 * The NREMT National Continued Competency Program (NCCP) as data, written to read like NREMT's own tables.
 * Adding a model is adding an entry to NCCP_MODELS and a line to MODEL_SCHEDULE; recert.ts holds no numbers.
 * Hours and "credits" are the same unit (the 2016 model says hours, the 2025 model credits).
 * No imports: the dashboard's one-line summary loads this file, and it must stay small.
 */

export type RecertLevel = 'EMR' | 'EMT' | 'AEMT' | 'Paramedic';
export type ModelId = 'NCCP-2016' | 'NCCP-2025';
export type Component = 'national' | 'local' | 'individual';
export type Topic = 'airway' | 'cardiovascular' | 'trauma' | 'medical' | 'operations';

export const COMPONENTS: readonly Component[] = ['national', 'local', 'individual'];
export const TOPICS: readonly Topic[] = ['airway', 'cardiovascular', 'trauma', 'medical', 'operations'];

export const COMPONENT_NAMES: Record<Component, string> = {
	national: 'National',
	local: 'Local (state or agency)',
	individual: 'Individual'
};
export const TOPIC_NAMES: Record<Topic, string> = {
	airway: 'Airway, Respiration & Ventilation',
	cardiovascular: 'Cardiovascular',
	trauma: 'Trauma',
	medical: 'Medical',
	operations: 'Operations'
};

export interface NccpModel {
	name: string;
	/** What the model calls an hour of education. */
	unit: 'hour' | 'credit';
	/** Required hours per component; the total is their sum. */
	components: Record<RecertLevel, Record<Component, number>>;
	/** Required hours per major national topic; they add up to the national component. Subtopics carry none. */
	topics: Record<RecertLevel, Record<Topic, number>>;
	/** Pediatric hours required inside the national topic hours (not on top of them); absent: no such rule. */
	pediatric?: Record<RecertLevel, number>;
}

// Total = the sum: EMR 16, EMT 40, AEMT 50, Paramedic 60.
const COMPONENT_HOURS: Record<RecertLevel, Record<Component, number>> = {
	EMR: { national: 8, local: 4, individual: 4 },
	EMT: { national: 20, local: 10, individual: 10 },
	AEMT: { national: 25, local: 12.5, individual: 12.5 },
	Paramedic: { national: 30, local: 15, individual: 15 }
};

export const NCCP_MODELS: Record<ModelId, NccpModel> = {
	'NCCP-2016': {
		name: 'NCCP 2016 model',
		unit: 'hour',
		components: COMPONENT_HOURS,
		topics: {
			EMR: { airway: 1, cardiovascular: 2.5, trauma: 0.5, medical: 3, operations: 1 },
			EMT: { airway: 1.5, cardiovascular: 6, trauma: 1.5, medical: 6, operations: 5 },
			AEMT: { airway: 2.5, cardiovascular: 7, trauma: 3, medical: 7.5, operations: 5 },
			Paramedic: { airway: 3.5, cardiovascular: 8.5, trauma: 3, medical: 8.5, operations: 6.5 }
		}
	},
	'NCCP-2025': {
		name: 'NCCP 2025 model',
		unit: 'credit',
		components: COMPONENT_HOURS,
		topics: {
			EMR: { airway: 1.5, cardiovascular: 2, trauma: 1, medical: 2.5, operations: 1 },
			EMT: { airway: 4, cardiovascular: 5, trauma: 3, medical: 6, operations: 2 },
			AEMT: { airway: 5, cardiovascular: 6, trauma: 4, medical: 7, operations: 3 },
			Paramedic: { airway: 6, cardiovascular: 7, trauma: 5, medical: 8, operations: 4 }
		},
		// 10% of the national component.
		pediatric: { EMR: 0.8, EMT: 2, AEMT: 2.5, Paramedic: 3 }
	}
};

/**
 * Which model NREMT applies to a cycle, by the cycle's expiration date: the last entry whose start is on or
 * before the expiration. The 2016 model covers expirations through 2025-03-31 (EMT and up) and 2025-09-30 (EMR).
 */
export const MODEL_SCHEDULE: readonly { model: ModelId; forExpirationsFrom: Record<RecertLevel, string> }[] = [
	{ model: 'NCCP-2016', forExpirationsFrom: { EMR: '0000-01-01', EMT: '0000-01-01', AEMT: '0000-01-01', Paramedic: '0000-01-01' } },
	{ model: 'NCCP-2025', forExpirationsFrom: { EMR: '2025-10-01', EMT: '2025-04-01', AEMT: '2025-04-01', Paramedic: '2025-04-01' } }
];

/**
 * Distributive education (self-paced online, CAPCE F3) was capped per component, as a share of that component's
 * hours, for cycles expiring before these dates; later cycles have no cap. Individual never had one.
 */
export const DISTRIBUTIVE_CAPS = {
	forExpirationsBefore: { EMR: '2023-09-30', EMT: '2023-03-31', AEMT: '2023-03-31', Paramedic: '2023-03-31' } as Record<RecertLevel, string>,
	share: { national: 1 / 3, local: 2 / 3 } as Partial<Record<Component, number>>
};

/**
 * North Dakota's own rule for the certifications it issues without NREMT: its EMRs renew on the 2016 model
 * (16 hours) whatever NREMT uses. Data, so the office's rule changes without code.
 */
export const STATE_MODEL_RULES: Partial<Record<RecertLevel, ModelId>> = { EMR: 'NCCP-2016' };

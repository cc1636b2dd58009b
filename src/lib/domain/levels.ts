/** EMS certification/licensure levels, lowest to highest scope of practice. */
export const LEVELS = ['EMR', 'EMT', 'AEMT', 'Paramedic'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES: Record<Level, string> = {
	EMR: 'Emergency Medical Responder',
	EMT: 'Emergency Medical Technician',
	AEMT: 'Advanced Emergency Medical Technician',
	Paramedic: 'Paramedic'
};

/**
 * In North Dakota an EMR holds a state certification; EMT and up hold a state license that requires
 * current National Registry (NREMT) certification.
 */
export const requiresNremt = (level: Level): boolean => level !== 'EMR';
export const credentialKind = (level: Level): 'certification' | 'license' =>
	level === 'EMR' ? 'certification' : 'license';

import { cycleEnding, daysLeft, evaluateRecert, formatHours, whatIsMissing, type CeEntry, type RecertResult } from './recert';
import { NCCP_MODELS, STATE_MODEL_RULES, type ModelId, type RecertLevel } from './recert-models';

/**
 * Which cycle a person is recertifying for and how far along they are, from the credential the dashboard leads
 * with and their CE rows as the device holds them. Pure and dependency-free, like recert.ts: the dashboard's
 * one-line summary imports it lazily.
 */

export interface CredentialForRecert {
	level: string;
	expiresOn: string;
	nremtExpiresOn: string | null;
}

/** A CE row as it syncs (pediatric 0/1, nulls for what was left empty). */
export interface CeRow {
	id: string;
	title: string;
	provider: string;
	completedOn: string;
	hours: number;
	format: CeEntry['format'];
	component: CeEntry['component'];
	topic: CeEntry['topic'];
	pediatric: number | boolean | null;
	courseNumber: string | null;
}

export interface RecertPlan {
	level: RecertLevel;
	cycleStart: string;
	cycleEnd: string;
	/** Set when a state rule fixes the model (North Dakota's EMRs); otherwise NREMT's rule decides. */
	model?: ModelId;
	/** Whose cycle it is: the National Registry's (EMT and up) or the state certification's (EMR). */
	cycleOf: 'NREMT certification' | 'state certification';
}

const LEVELS: readonly string[] = ['EMR', 'EMT', 'AEMT', 'Paramedic'];

export function recertPlan(credential: CredentialForRecert | null): RecertPlan | null {
	if (!credential || !LEVELS.includes(credential.level)) return null;
	const level = credential.level as RecertLevel;
	if (level === 'EMR') {
		// A North Dakota EMR renews the state certification (to June 30), on the state's model.
		return { level, ...cycleEnding(credential.expiresOn), model: STATE_MODEL_RULES.EMR, cycleOf: 'state certification' };
	}
	return { level, ...cycleEnding(credential.nremtExpiresOn ?? credential.expiresOn), cycleOf: 'NREMT certification' };
}

export interface RecertProgress {
	plan: RecertPlan;
	result: RecertResult;
	modelName: string;
	unit: 'hour' | 'credit';
	missing: string[];
	daysLeft: number;
}

export function recertProgress(plan: RecertPlan, rows: readonly CeRow[], today: string): RecertProgress {
	const entries: CeEntry[] = rows.map((r) => ({ ...r, pediatric: r.pediatric === true || r.pediatric === 1 }));
	const result = evaluateRecert({ ...plan, entries });
	const model = NCCP_MODELS[result.model];
	return { plan, result, modelName: model.name, unit: model.unit, missing: whatIsMissing(result), daysLeft: daysLeft(plan.cycleEnd, today) };
}

const plural = (n: number, word: string) => `${formatHours(n)} ${word}${n === 1 ? '' : 's'}`;

/** The dashboard's line: "42.5 of 60 hours counted · 17.5 to go · 118 days left". */
export function recertSummary(p: RecertProgress): string {
	const { totalCounted, totalRequired, complete } = p.result;
	const days = `${p.daysLeft} day${p.daysLeft === 1 ? '' : 's'} left`;
	if (complete) return `All ${plural(totalRequired, p.unit)} counted · ready to recertify · ${days}`;
	const gap = totalRequired - totalCounted;
	// Hours may all be in but in the wrong places (a topic or pediatric short): say what is short instead of "0 to go".
	const togo = gap > 0 ? `${formatHours(gap)} to go` : `${p.missing.length} requirement${p.missing.length === 1 ? '' : 's'} short`;
	return `${formatHours(totalCounted)} of ${plural(totalRequired, p.unit)} counted · ${togo} · ${days}`;
}

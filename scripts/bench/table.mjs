/**
 * A bench row: what was measured, in the unit its budget is written in (DESIGN.md section 6).
 * @typedef {{ max?: number, min?: number }} Budget
 * @typedef {{ metric: string, value: number | null, unit: string, budget?: Budget, note?: string, error?: string }} Row
 * value null means "not measurable yet" (e.g. a route a later issue adds) and prints "n/a".
 */

const decimals = { KB: 1, KiB: 1, ms: 1, s: 2, 'req/s': 0, MB: 1, score: 0 };

function amount(value, unit) {
	return `${value.toFixed(decimals[unit] ?? 1)} ${unit}`;
}

function budgetText({ budget, unit }) {
	if (!budget) return '—';
	const parts = [];
	if (budget.max !== undefined) parts.push(`≤ ${budget.max} ${unit}`);
	if (budget.min !== undefined) parts.push(`≥ ${budget.min} ${unit}`);
	return parts.join(', ');
}

/** "OVER" rather than a failing exit: budgets are tracked, and only errors stop the bench. */
export function verdict(row) {
	if (row.error) return 'ERROR';
	if (row.value === null) return 'n/a';
	if (!row.budget) return '—';
	const { max, min } = row.budget;
	const within = (max === undefined || row.value <= max) && (min === undefined || row.value >= min);
	return within ? 'ok' : 'OVER';
}

export function tableLines(rows) {
	const header = ['metric', 'value', 'budget', 'ok'];
	const cells = rows.map((row) => [
		row.metric,
		row.error ? `error: ${row.error}` : row.value === null ? `n/a${row.note ? ` (${row.note})` : ''}` : amount(row.value, row.unit),
		budgetText(row),
		verdict(row)
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (c) => `| ${c.map((text, i) => text.padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)];
}

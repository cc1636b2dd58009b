import type { Measure } from './drawing';

export interface FitOptions {
	maxWidth: number;
	maxSize: number;
	minSize: number;
	/** Lines to try before giving up on the size and breaking wherever it takes. */
	maxLines?: number;
	bold?: boolean;
}

export interface FittedText {
	size: number;
	lines: string[];
}

const STEP = 0.25;

/**
 * Sets text as large as it fits: one line shrinking to `minSize`; then the largest size that fits on two (or up to
 * `maxLines`) balanced lines; and last, at `minSize`, as many lines as it takes, breaking inside over-long
 * words. Text is never cut and never set below `minSize`.
 */
export function fitText(text: string, opts: FitOptions, measure: Measure): FittedText {
	const clean = text.replace(/\s+/g, ' ').trim();
	const fits = (s: string, size: number) => measure(s, size, opts.bold) <= opts.maxWidth + 1e-9;
	const sizes: number[] = [];
	for (let s = opts.maxSize; s >= opts.minSize - 1e-9; s -= STEP) sizes.push(Math.round(s * 100) / 100);
	if (sizes[sizes.length - 1] !== opts.minSize) sizes.push(opts.minSize);

	for (const size of sizes) if (fits(clean, size)) return { size, lines: [clean] };

	const words = clean.split(' ');
	for (let n = 2; n <= (opts.maxLines ?? 2); n++) {
		for (const size of sizes) {
			const lines = n === 2 ? balancedTwoLines(words, size, opts, measure) : greedyLines(words, size, opts, measure);
			if (lines && lines.length <= n && lines.every((l) => fits(l, size))) return { size, lines };
		}
	}
	return { size: opts.minSize, lines: breakAnywhere(words, opts.minSize, opts, measure) };
}

function balancedTwoLines(words: string[], size: number, opts: FitOptions, measure: Measure): string[] | null {
	let best: string[] | null = null;
	let bestWidth = Infinity;
	for (let i = 1; i < words.length; i++) {
		const a = words.slice(0, i).join(' ');
		const b = words.slice(i).join(' ');
		const widest = Math.max(measure(a, size, opts.bold), measure(b, size, opts.bold));
		if (widest < bestWidth) {
			bestWidth = widest;
			best = [a, b];
		}
	}
	return best;
}

function greedyLines(words: string[], size: number, opts: FitOptions, measure: Measure): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		const candidate = line ? `${line} ${word}` : word;
		if (line && measure(candidate, size, opts.bold) > opts.maxWidth) {
			lines.push(line);
			line = word;
		} else line = candidate;
	}
	if (line) lines.push(line);
	return lines;
}

function breakAnywhere(words: string[], size: number, opts: FitOptions, measure: Measure): string[] {
	const pieces: string[] = [];
	for (const word of words) {
		let rest = word;
		while (measure(rest, size, opts.bold) > opts.maxWidth && rest.length > 1) {
			let cut = rest.length - 1;
			while (cut > 1 && measure(rest.slice(0, cut), size, opts.bold) > opts.maxWidth) cut--;
			pieces.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		pieces.push(rest);
	}
	return greedyLines(pieces, size, opts, measure);
}

/** Wraps running text at a fixed size (instructions, captions). */
export function wrapText(text: string, size: number, maxWidth: number, measure: Measure, bold = false): string[] {
	return breakAnywhere(text.split(/\s+/).filter(Boolean), size, { maxWidth, maxSize: size, minSize: size, bold }, measure);
}

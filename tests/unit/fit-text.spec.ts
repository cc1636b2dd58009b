import fc from 'fast-check';
import { jsPDF } from 'jspdf';
import { describe, expect, it } from 'vitest';
import { jsPdfMeasure, MIN_TEXT_PT, printable, type Op } from '../../src/lib/client/pdf/drawing';
import { fitText } from '../../src/lib/client/pdf/fit-text';
import { CARD_HEIGHT, CARD_WIDTH, cardBack, cardFront } from '../../src/lib/client/pdf/wallet-card';
import type { LicenseForPrint } from '../../src/lib/domain/license-for-print';
import { LEVELS } from '../../src/lib/domain/levels';

const measure = jsPdfMeasure(new jsPDF({ unit: 'mm', format: 'letter' }));
const opts = { maxWidth: 78.6, maxSize: 14, minSize: 7, maxLines: 3, bold: true };
const word = fc.stringMatching(/^[A-Z][a-z'-]{0,24}$/);
const name = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));

describe('name fitting', () => {
	it('keeps a short name on one line at the largest size', () => {
		expect(fitText('Jo Li', opts, measure)).toEqual({ size: 14, lines: ['Jo Li'] });
	});

	it('shrinks a longer name before wrapping it', () => {
		const fitted = fitText('Maximiliana Alexandrina Featherstonehaugh', opts, measure);
		expect(fitted.lines).toHaveLength(1);
		expect(fitted.size).toBeLessThan(14);
		expect(fitted.size).toBeGreaterThanOrEqual(7);
	});

	it('wraps to two balanced lines once the smallest size will not hold one', () => {
		const fitted = fitText('Maximiliana Alexandrina Wolfeschlegelsteinhausenbergerdorff Featherstonehaugh III', opts, measure);
		expect(fitted.lines).toHaveLength(2);
		expect(fitted.size).toBeGreaterThanOrEqual(7);
	});

	it('never cuts: every word is kept, in order, every line fits, nothing smaller than the minimum', () => {
		fc.assert(
			fc.property(name, (text) => {
				const fitted = fitText(text, opts, measure);
				expect(fitted.size).toBeGreaterThanOrEqual(opts.minSize);
				expect(fitted.size).toBeLessThanOrEqual(opts.maxSize);
				for (const line of fitted.lines) expect(measure(line, fitted.size, true)).toBeLessThanOrEqual(opts.maxWidth + 1e-6);
				expect(fitted.lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
			})
		);
	});

	it('keeps letters Helvetica cannot print readable', () => {
		expect(printable('Nguyễn Łukasz Ørsted José')).toBe('Nguyen Lukasz Ørsted José');
		expect(printable('김민준')).toBe('???');
	});
});

const license = (n: string, level: (typeof LEVELS)[number]): LicenseForPrint => ({
	name: n,
	emsNumber: '12345678',
	level,
	credentialNumber: 'AEMT-12345678',
	status: 'active',
	issuedOn: '2025-04-01',
	expiresOn: '2027-03-31',
	token: 'x.y',
	verifyUrl: `https://registry.ems.nd.gov/verify?c=${'A'.repeat(180)}.${'B'.repeat(86)}`
});

/** Horizontal extent of a text op in mm. */
function extent(op: Extract<Op, { kind: 'text' }>): [number, number] {
	const w = measure(op.text, op.size, op.bold);
	const x0 = op.align === 'center' ? op.x - w / 2 : op.align === 'right' ? op.x - w : op.x;
	return [x0, x0 + w];
}

describe('wallet card faces', () => {
	it('keep all text at 6 pt or more and inside the card, for any name and level', () => {
		fc.assert(
			fc.property(name, fc.constantFrom(...LEVELS), (n, level) => {
				for (const face of [cardFront(license(n, level), measure), cardBack(license(n, level), measure)]) {
					for (const op of face) {
						if (op.kind !== 'text') continue;
						expect(op.size).toBeGreaterThanOrEqual(MIN_TEXT_PT);
						const [x0, x1] = extent(op);
						expect(x0).toBeGreaterThanOrEqual(1.4);
						expect(x1).toBeLessThanOrEqual(CARD_WIDTH - 1.4);
						expect(op.y).toBeGreaterThan(3);
						expect(op.y).toBeLessThan(CARD_HEIGHT - 1.4);
					}
				}
			}),
			{ numRuns: 60 }
		);
	});

	it('keeps the name block clear of the fields below it', () => {
		const longest = 'Maximiliana Alexandrina Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh Bartholomew-Christophersen III';
		const front = cardFront(license(longest, 'AEMT'), measure);
		const levelLine = front.find((op) => op.kind === 'text' && op.text === 'Advanced Emergency Medical Technician');
		expect(levelLine && levelLine.kind === 'text' && levelLine.y).toBeLessThan(39.6 - 1);
	});
});

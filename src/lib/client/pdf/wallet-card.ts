import { cardDate, ISSUING_OFFICE, type LicenseForPrint } from '$lib/domain/license-for-print';
import { credentialKind, LEVEL_NAMES } from '$lib/domain/levels';
import { corner, INK, MUTED, NAVY, PT, printable, type Measure, type Op, type PathSegment } from './drawing';
import { starOfLife } from './emblem';
import { fitText, wrapText } from './fit-text';
import { qrOps } from './qr';

/** ISO/IEC 7810 ID-1, the size of a bank card: fits every wallet and card sleeve. */
export const CARD_WIDTH = 85.6;
export const CARD_HEIGHT = 53.98;
export const CARD_CORNER_RADIUS = 3.18;
const MARGIN = 3.5;
const WHITE = '#ffffff';

/** Text ops for fitted lines, each baseline `lineHeight` below the last; returns the ops and the last baseline. */
function lines(texts: string[], x: number, firstBaseline: number, size: number, style: { bold?: boolean; colour?: string; align?: 'left' | 'center' | 'right' }, lineHeight = size * PT * 1.18) {
	const ops: Op[] = texts.map((text, i) => ({ kind: 'text', x, y: firstBaseline + i * lineHeight, text, size, ...style }));
	return { ops, last: firstBaseline + (texts.length - 1) * lineHeight };
}

/** Cap height of Helvetica, as a share of the point size: where the first baseline sits below a top edge. */
const CAP = 0.72;

/** The card's front, in the card's own millimetre coordinates. */
export function cardFront(l: LicenseForPrint, measure: Measure): Op[] {
	const ops: Op[] = [];
	const inner = CARD_WIDTH - 2 * MARGIN;
	ops.push({ kind: 'rect', x: 1.4, y: 1.4, w: CARD_WIDTH - 2.8, h: 12.2, radius: 2, fill: NAVY });
	ops.push(...starOfLife(8, 7.5, 8.6, WHITE));
	ops.push({ kind: 'text', x: 14.2, y: 6.3, text: ISSUING_OFFICE.toUpperCase(), size: 6.5, bold: true, colour: WHITE });
	ops.push({ kind: 'text', x: 14.2, y: 11.3, text: 'Emergency Medical Services', size: 10.5, bold: true, colour: WHITE });

	ops.push({ kind: 'text', x: MARGIN, y: 18, text: 'NAME', size: 6, bold: true, colour: MUTED });
	const name = fitText(printable(l.name), { maxWidth: inner, maxSize: 14, minSize: 7, maxLines: 3, bold: true }, measure);
	const named = lines(name.lines, MARGIN, 19 + name.size * PT * CAP, name.size, { bold: true, colour: INK });
	ops.push(...named.ops);

	const kind = credentialKind(l.level);
	const levelTop = named.last + 3.4;
	ops.push({ kind: 'text', x: MARGIN, y: levelTop + 2.1, text: kind === 'license' ? 'LICENSED AS' : 'CERTIFIED AS', size: 6, bold: true, colour: MUTED });
	const level = fitText(LEVEL_NAMES[l.level], { maxWidth: inner, maxSize: 9.5, minSize: 6.5, bold: true }, measure);
	ops.push(...lines(level.lines, MARGIN, levelTop + 3 + level.size * PT * CAP, level.size, { bold: true, colour: NAVY }).ops);

	const fields: [string, string, number, number][] = [
		[kind === 'license' ? 'LICENSE NO.' : 'CERTIFICATE NO.', l.credentialNumber, MARGIN, 31],
		['ND EMS #', l.emsNumber, MARGIN + 32, 20],
		['EXPIRES', cardDate(l.expiresOn), MARGIN + 54, inner - 54]
	];
	for (const [label, value, x, width] of fields) {
		ops.push({ kind: 'text', x, y: 43.2, text: label, size: 6, bold: true, colour: MUTED });
		const v = fitText(printable(value), { maxWidth: width, maxSize: 9.5, minSize: 6.5, bold: true }, measure);
		ops.push(...lines(v.lines, x, 47.2, v.size, { bold: true, colour: INK }).ops);
	}
	ops.push({ kind: 'line', x1: MARGIN, y1: 39.6, x2: CARD_WIDTH - MARGIN, y2: 39.6, stroke: '#9aa3ad', lineWidth: 0.2 });
	ops.push({ kind: 'text', x: MARGIN, y: 51.3, text: 'Valid only while current. Verify status with the code on the back.', size: 6, colour: MUTED });
	return ops;
}

/** Host and path people can type, e.g. registry.ems.nd.gov/verify. */
export function verifyPageAddress(verifyUrl: string): string {
	// The lookup page, whichever form the QR link takes (/V/<digits> or /verify?c=); URL() lower-cases the host.
	try {
		return `${new URL(verifyUrl).host}/verify`;
	} catch {
		return (verifyUrl.split(/\/V\/|\?/)[0] ?? verifyUrl).replace(/^https?:\/\//i, '').toLowerCase() + '/verify';
	}
}

export const CARD_QR_BOX = 44;

/** The card's back: the verification QR code and how to use it. */
export function cardBack(l: LicenseForPrint, measure: Measure): Op[] {
	const qrTop = (CARD_HEIGHT - CARD_QR_BOX) / 2;
	const ops: Op[] = qrOps(l.verifyUrl, 1.6, qrTop, CARD_QR_BOX);
	const x = 46.2;
	const width = CARD_WIDTH - MARGIN - x;
	const kind = credentialKind(l.level);

	const heading = fitText(`VERIFY THIS ${kind.toUpperCase()}`, { maxWidth: width, maxSize: 8, minSize: 6.5, maxLines: 2, bold: true }, measure);
	let block = lines(heading.lines, x, 8.4, heading.size, { bold: true, colour: NAVY });
	ops.push(...block.ops);

	const help = wrapText(`Scan to verify this ${kind} with the ${ISSUING_OFFICE}: the state's digital signature and the current status.`, 6.5, width, measure);
	block = lines(help, x, block.last + 3.6, 6.5, { colour: INK });
	ops.push(...block.ops);

	ops.push({ kind: 'text', x, y: block.last + 4.2, text: 'Or go to', size: 6, colour: MUTED });
	const address = fitText(verifyPageAddress(l.verifyUrl), { maxWidth: width, maxSize: 7, minSize: 6, maxLines: 2, bold: true }, measure);
	block = lines(address.lines, x, block.last + 7.1, address.size, { bold: true, colour: INK });
	ops.push(...block.ops);
	ops.push({ kind: 'text', x, y: block.last + 3.3, text: `and enter ${kind} no.`, size: 6, colour: MUTED });
	const number = fitText(printable(l.credentialNumber), { maxWidth: width, maxSize: 7, minSize: 6, bold: true }, measure);
	ops.push(...lines(number.lines, x, block.last + 6.2, number.size, { bold: true, colour: INK }).ops);

	const found = wrapText(`If found, return to the ${ISSUING_OFFICE}.`, 6, width, measure);
	ops.push(...lines(found, x, CARD_HEIGHT - 3.2 - (found.length - 1) * 6 * PT * 1.18, 6, { colour: MUTED }).ops);
	return ops;
}

/**
 * Cut outline around front and back sharing one edge, with every card corner rounded — including the two at
 * the fold, which become the card's corners once it is folded. Crop marks extend the straight edges for a
 * paper trimmer.
 */
export function cardPairGuides(left: number, top: number): Op[] {
	const r = CARD_CORNER_RADIUS;
	const fold = left + CARD_WIDTH;
	const right = left + 2 * CARD_WIDTH;
	const bottom = top + CARD_HEIGHT;
	const d: PathSegment[] = [
		['M', left + r, top],
		['L', fold - r, top],
		corner(fold - r, top, fold, top, fold, top + r),
		corner(fold, top + r, fold, top, fold + r, top),
		['L', right - r, top],
		corner(right - r, top, right, top, right, top + r),
		['L', right, bottom - r],
		corner(right, bottom - r, right, bottom, right - r, bottom),
		['L', fold + r, bottom],
		corner(fold + r, bottom, fold, bottom, fold, bottom - r),
		corner(fold, bottom - r, fold, bottom, fold - r, bottom),
		['L', left + r, bottom],
		corner(left + r, bottom, left, bottom, left, bottom - r),
		['L', left, top + r],
		corner(left, top + r, left, top, left + r, top),
		['Z']
	];
	const ops: Op[] = [{ kind: 'path', d, stroke: INK, lineWidth: 0.3 }];
	ops.push({ kind: 'line', x1: fold, y1: top + r, x2: fold, y2: bottom - r, stroke: '#333333', lineWidth: 0.25, dash: [2, 1.2] });
	const gap = 1.5;
	const len = 4;
	const mark = (x1: number, y1: number, x2: number, y2: number, dash?: number[]): Op => ({ kind: 'line', x1, y1, x2, y2, stroke: INK, lineWidth: 0.2, dash });
	for (const x of [left, right]) {
		const out = x === left ? -1 : 1;
		ops.push(mark(x + out * gap, top, x + out * (gap + len), top), mark(x + out * gap, bottom, x + out * (gap + len), bottom));
		ops.push(mark(x, top - gap, x, top - gap - len), mark(x, bottom + gap, x, bottom + gap + len));
	}
	ops.push(mark(fold, top - gap, fold, top - gap - len, [1, 0.8]), mark(fold, bottom + gap, fold, bottom + gap + len, [1, 0.8]));
	return ops;
}

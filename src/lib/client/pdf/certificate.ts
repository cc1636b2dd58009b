import { ISSUING_DEPARTMENT, ISSUING_OFFICE, longDate, STATUS_WORDS, type LicenseForPrint } from '$lib/domain/license-for-print';
import { credentialKind, LEVEL_NAMES } from '$lib/domain/levels';
import { INK, MUTED, NAVY, PT, printable, RULE, type Measure, type Op } from './drawing';
import { starOfLife } from './emblem';
import { fitText, wrapText } from './fit-text';
import { qrOps } from './qr';
import { verifyPageAddress } from './wallet-card';

export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** Double rule around a certificate, as state certificates have. */
export function certificateFrame(b: Box): Op[] {
	return [
		{ kind: 'rect', x: b.x, y: b.y, w: b.w, h: b.h, stroke: NAVY, lineWidth: 0.9 },
		{ kind: 'rect', x: b.x + 1.8, y: b.y + 1.8, w: b.w - 3.6, h: b.h - 3.6, stroke: NAVY, lineWidth: 0.25 }
	];
}

/** Centred heading lines shared by the licensee and agency certificates; returns the next free y. */
export function certificateHeading(b: Box, title: string, ops: Op[]): number {
	const cx = b.x + b.w / 2;
	ops.push(...starOfLife(cx, b.y + 14, 13, NAVY));
	ops.push({ kind: 'text', x: cx, y: b.y + 28, text: 'STATE OF NORTH DAKOTA', size: 12, bold: true, colour: NAVY, align: 'center' });
	ops.push({ kind: 'text', x: cx, y: b.y + 33.5, text: `${ISSUING_DEPARTMENT} · Division of Emergency Medical Services`, size: 8.5, colour: MUTED, align: 'center' });
	ops.push({ kind: 'line', x1: cx - 45, y1: b.y + 37, x2: cx + 45, y2: b.y + 37, stroke: RULE, lineWidth: 0.3 });
	ops.push({ kind: 'text', x: cx, y: b.y + 47, text: title, size: 21, bold: true, colour: NAVY, align: 'center' });
	return b.y + 52;
}

/** A two-column table of label/value rows; returns the y below it. */
export function factTable(rows: [string, string][], x: number, y: number, width: number, measure: Measure, ops: Op[]): number {
	const labelWidth = 52;
	for (const [label, value] of rows) {
		ops.push({ kind: 'text', x, y, text: label, size: 9.5, colour: MUTED });
		const v = fitText(printable(value), { maxWidth: width - labelWidth, maxSize: 11, minSize: 7, maxLines: 2, bold: true }, measure);
		v.lines.forEach((line, i) => ops.push({ kind: 'text', x: x + labelWidth, y: y + i * v.size * PT * 1.2, text: line, size: v.size, bold: true, colour: INK }));
		y += 7.2 + (v.lines.length - 1) * v.size * PT * 1.2;
		ops.push({ kind: 'line', x1: x, y1: y - 4.6, x2: x + width, y2: y - 4.6, stroke: '#c4cad1', lineWidth: 0.15 });
	}
	return y;
}

/** The verification block in a certificate's lower right corner. */
export function verificationBlock(verifyUrl: string, number: string, b: Box, measure: Measure, ops: Op[]): void {
	const box = 36;
	const x = b.x + b.w - box - 8;
	const y = b.y + b.h - box - 14;
	ops.push(...qrOps(verifyUrl, x, y, box));
	const cx = x + box / 2;
	ops.push({ kind: 'text', x: cx, y: y + box + 3, text: 'Scan to verify the current status', size: 7, colour: MUTED, align: 'center' });
	const address = fitText(`${verifyPageAddress(verifyUrl)} · ${number}`, { maxWidth: box + 14, maxSize: 7, minSize: 6, maxLines: 2 }, measure);
	address.lines.forEach((line, i) => ops.push({ kind: 'text', x: cx, y: y + box + 6.4 + i * 3, text: line, size: address.size, colour: MUTED, align: 'center' }));
}

/** The full-size certificate printed below the wallet card. */
export function certificateOps(l: LicenseForPrint, b: Box, printedOn: string, measure: Measure): Op[] {
	const ops: Op[] = certificateFrame(b);
	const kind = credentialKind(l.level);
	const cx = b.x + b.w / 2;
	let y = certificateHeading(b, kind === 'license' ? 'Emergency Medical Services License' : 'Emergency Medical Services Certification', ops);

	ops.push({ kind: 'text', x: cx, y: y + 7, text: 'This is to certify that', size: 10.5, colour: INK, align: 'center' });
	const name = fitText(printable(l.name), { maxWidth: b.w - 30, maxSize: 24, minSize: 12, maxLines: 2, bold: true }, measure);
	y += 9;
	name.lines.forEach((line, i) => ops.push({ kind: 'text', x: cx, y: y + name.size * PT * (CAP + i * 1.15), text: line, size: name.size, bold: true, colour: INK, align: 'center' }));
	y += name.size * PT * (CAP + (name.lines.length - 1) * 1.15) + 7;
	ops.push({
		kind: 'text',
		x: cx,
		y,
		text: `has met the requirements of the ${ISSUING_OFFICE} and is ${kind === 'license' ? 'licensed' : 'certified'} as`,
		size: 10.5,
		colour: INK,
		align: 'center'
	});
	const level = fitText(LEVEL_NAMES[l.level], { maxWidth: b.w - 30, maxSize: 17, minSize: 10, bold: true }, measure);
	y += 9;
	ops.push({ kind: 'text', x: cx, y, text: level.lines[0]!, size: level.size, bold: true, colour: NAVY, align: 'center' });

	const rows: [string, string][] = [
		[kind === 'license' ? 'License number' : 'Certificate number', l.credentialNumber],
		['ND EMS #', l.emsNumber],
		['Issued', longDate(l.issuedOn)],
		['Expires', longDate(l.expiresOn)],
		[`Status on ${longDate(printedOn)}`, STATUS_WORDS[l.status]],
		['Issuing office', ISSUING_OFFICE]
	];
	const tableWidth = b.w - 16 - 36 - 16;
	factTable(rows, b.x + 12, y + 14, tableWidth, measure, ops);
	verificationBlock(l.verifyUrl, l.credentialNumber, b, measure, ops);

	const note = wrapText(
		"Authenticated by the state's digital signature in the code. Valid only while the status shown when scanned is Active.",
		7,
		tableWidth,
		measure
	);
	note.forEach((line, i) => ops.push({ kind: 'text', x: b.x + 12, y: b.y + b.h - 9 - (note.length - 1 - i) * 3, text: line, size: 7, colour: MUTED }));
	return ops;
}

const CAP = 0.72;

import { jsPDF } from 'jspdf';
import { cardDate, type LicenseForPrint } from '$lib/domain/license-for-print';
import { certificateOps } from './certificate';
import { drawOps, jsPdfMeasure, MUTED, RULE, translate, type Measure, type Op } from './drawing';
import { CARD_HEIGHT, CARD_WIDTH, cardBack, cardFront, cardPairGuides } from './wallet-card';

export { CARD_HEIGHT, CARD_WIDTH } from './wallet-card';

export type Paper = 'letter' | 'a4';
export const PAPER: Record<Paper, { width: number; height: number; label: string }> = {
	letter: { width: 215.9, height: 279.4, label: 'US Letter' },
	a4: { width: 210, height: 297, label: 'A4' }
};

export interface LicensePage {
	paper: Paper;
	ops: Op[];
	/** Top-left corners of the two card faces on the page. */
	front: { x: number; y: number };
	back: { x: number; y: number };
}

export const CARD_TOP = 24;

/** The whole page: card pair with its guides at the top, the certificate below the cut. */
export function licensePage(l: LicenseForPrint, paper: Paper, printedOn: string, measure: Measure): LicensePage {
	const { width, height } = PAPER[paper];
	const left = (width - 2 * CARD_WIDTH) / 2;
	const cx = width / 2;
	const ops: Op[] = [
		{ kind: 'text', x: left, y: 12, text: 'North Dakota EMS — wallet card and certificate'.replace('—', '-'), size: 9, bold: true, colour: MUTED },
		{ kind: 'text', x: width - left, y: 12, text: `Printed ${cardDate(printedOn)}`, size: 8, colour: MUTED, align: 'right' },
		{ kind: 'text', x: cx, y: CARD_TOP - 7.5, text: 'Cut along the solid line, fold on the dashed line', size: 8.5, bold: true, align: 'center' },
		...cardPairGuides(left, CARD_TOP),
		...translate(cardFront(l, measure), left, CARD_TOP),
		...translate(cardBack(l, measure), left + CARD_WIDTH, CARD_TOP),
		{
			kind: 'text',
			x: cx,
			y: CARD_TOP + CARD_HEIGHT + 10,
			text: 'Fold with the printing outside, round the corners along the curves, then laminate.',
			size: 7.5,
			colour: MUTED,
			align: 'center'
		}
	];
	const cutY = CARD_TOP + CARD_HEIGHT + 17;
	ops.push({ kind: 'line', x1: 8, y1: cutY, x2: width - 8, y2: cutY, stroke: RULE, lineWidth: 0.2, dash: [0.6, 1.2] });
	ops.push({ kind: 'text', x: width - 8, y: cutY - 1.5, text: 'Certificate below', size: 6, colour: MUTED, align: 'right' });
	const top = cutY + 7;
	ops.push(...certificateOps(l, { x: 16, y: top, w: width - 32, h: height - top - 12 }, printedOn, measure));
	return { paper, ops, front: { x: left, y: CARD_TOP }, back: { x: left + CARD_WIDTH, y: CARD_TOP } };
}

export function licensePdfFilename(number: string): string {
	return `ND-EMS-License-${number.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;
}

export interface BuiltPdf {
	filename: string;
	bytes: ArrayBuffer;
}

export function newDocument(paper: Paper): jsPDF {
	return new jsPDF({ unit: 'mm', format: paper, orientation: 'portrait', compress: true, putOnlyUsedFonts: true });
}

export function today(): string {
	const now = new Date();
	return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The licensee's wallet card and certificate as a one-page PDF, built entirely on the device. */
export function buildLicensePdf(l: LicenseForPrint, options: { paper?: Paper; printedOn?: string } = {}): BuiltPdf {
	const paper = options.paper ?? 'letter';
	const doc = newDocument(paper);
	const page = licensePage(l, paper, options.printedOn ?? today(), jsPdfMeasure(doc));
	doc.setProperties({ title: `North Dakota EMS license ${l.credentialNumber}`, subject: l.name, creator: 'EMS Registry' });
	drawOps(doc, page.ops);
	return { filename: licensePdfFilename(l.credentialNumber), bytes: doc.output('arraybuffer') };
}

/** The layout alone, for the on-screen preview: same measurements as the PDF, nothing drawn. */
export function previewLicensePage(l: LicenseForPrint, paper: Paper, printedOn = today()): LicensePage {
	return licensePage(l, paper, printedOn, jsPdfMeasure(newDocument(paper)));
}

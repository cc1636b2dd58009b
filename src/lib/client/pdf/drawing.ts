import type { jsPDF } from 'jspdf';

/**
 * Page content as a list of drawing operations in millimetres (origin top left; text `y` is the baseline).
 * Layout code produces these once; jsPDF draws them into the PDF and the Printing License page draws the same
 * list as SVG for its preview, so what a person sees is what prints.
 */
export type PathSegment = ['M', number, number] | ['L', number, number] | ['C', number, number, number, number, number, number] | ['Z'];

export type Op =
	| { kind: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; colour?: string; align?: 'left' | 'center' | 'right' }
	| { kind: 'rect'; x: number; y: number; w: number; h: number; radius?: number; fill?: string; stroke?: string; lineWidth?: number }
	| { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; lineWidth: number; dash?: number[] }
	| { kind: 'path'; d: PathSegment[]; fill?: string; stroke?: string; lineWidth?: number; dash?: number[] };

/** Width in millimetres of `text` set in Helvetica at `size` points. */
export type Measure = (text: string, size: number, bold?: boolean) => number;

export const PT = 25.4 / 72;
/** Nothing on the card or certificate is set smaller than this. */
export const MIN_TEXT_PT = 6;

export const INK = '#111111';
export const NAVY = '#1b3a5c';
export const MUTED = '#4a4f57';
export const RULE = '#8a9199';

export function translate(ops: Op[], dx: number, dy: number): Op[] {
	return ops.map((op) => {
		switch (op.kind) {
			case 'text':
				return { ...op, x: op.x + dx, y: op.y + dy };
			case 'rect':
				return { ...op, x: op.x + dx, y: op.y + dy };
			case 'line':
				return { ...op, x1: op.x1 + dx, y1: op.y1 + dy, x2: op.x2 + dx, y2: op.y2 + dy };
			case 'path':
				return { ...op, d: op.d.map((s) => shiftSegment(s, dx, dy)) };
		}
	});
}

function shiftSegment(s: PathSegment, dx: number, dy: number): PathSegment {
	switch (s[0]) {
		case 'M':
		case 'L':
			return [s[0], s[1] + dx, s[2] + dy];
		case 'C':
			return ['C', s[1] + dx, s[2] + dy, s[3] + dx, s[4] + dy, s[5] + dx, s[6] + dy];
		case 'Z':
			return s;
	}
}

const FALLBACKS: Record<string, string> = { 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ẞ': 'SS', 'ı': 'i', 'ø': 'o', '’': "'", '‘': "'", '–': '-', '—': '-', '“': '"', '”': '"' };

/**
 * The PDF's built-in Helvetica covers Latin-1 only; embedding a Unicode font would add hundreds of kilobytes to
 * the print chunk. Letters outside it lose their accents (Nguyễn → Nguyen) rather than print as boxes.
 */
export function printable(text: string): string {
	let out = '';
	for (const ch of text.normalize('NFC')) {
		const code = ch.codePointAt(0)!;
		if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) out += ch;
		else if (FALLBACKS[ch]) out += FALLBACKS[ch];
		else {
			const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
			out += base !== ch && [...base].every((c) => c.charCodeAt(0) <= 0xff) ? base : '?';
		}
	}
	return out;
}

export function jsPdfMeasure(doc: jsPDF): Measure {
	return (text, size, bold = false) => {
		doc.setFont('helvetica', bold ? 'bold' : 'normal');
		doc.setFontSize(size);
		return doc.getTextWidth(text);
	};
}

const KAPPA = 0.5522847498;

/** A quarter-circle corner from (x0, y0) to (x1, y1) bending around the corner point (cx, cy). */
export function corner(x0: number, y0: number, cx: number, cy: number, x1: number, y1: number): PathSegment {
	return ['C', x0 + (cx - x0) * KAPPA, y0 + (cy - y0) * KAPPA, x1 + (cx - x1) * KAPPA, y1 + (cy - y1) * KAPPA, x1, y1];
}

export function drawOps(doc: jsPDF, ops: Op[]): void {
	for (const op of ops) {
		switch (op.kind) {
			case 'text': {
				if (op.size < MIN_TEXT_PT) throw new Error(`Text below ${MIN_TEXT_PT} pt: ${op.text}`);
				doc.setFont('helvetica', op.bold ? 'bold' : 'normal');
				doc.setFontSize(op.size);
				doc.setTextColor(op.colour ?? INK);
				doc.text(op.text, op.x, op.y, { align: op.align ?? 'left', baseline: 'alphabetic' });
				break;
			}
			case 'rect': {
				const style = op.fill && op.stroke ? 'FD' : op.fill ? 'F' : 'S';
				if (op.fill) doc.setFillColor(op.fill);
				if (op.stroke) {
					doc.setDrawColor(op.stroke);
					doc.setLineWidth(op.lineWidth ?? 0.2);
				}
				if (op.radius) doc.roundedRect(op.x, op.y, op.w, op.h, op.radius, op.radius, style);
				else doc.rect(op.x, op.y, op.w, op.h, style);
				break;
			}
			case 'line': {
				doc.setDrawColor(op.stroke);
				doc.setLineWidth(op.lineWidth);
				doc.setLineDashPattern(op.dash ?? [], 0);
				doc.line(op.x1, op.y1, op.x2, op.y2);
				doc.setLineDashPattern([], 0);
				break;
			}
			case 'path': {
				if (op.fill) doc.setFillColor(op.fill);
				if (op.stroke) {
					doc.setDrawColor(op.stroke);
					doc.setLineWidth(op.lineWidth ?? 0.2);
				}
				doc.setLineDashPattern(op.dash ?? [], 0);
				doc.path(op.d.map((s) => ({ op: s[0].toLowerCase(), c: s.slice(1) })));
				if (op.fill && op.stroke) doc.fillStroke();
				else if (op.fill) doc.fill();
				else doc.stroke();
				doc.setLineDashPattern([], 0);
				break;
			}
		}
	}
}

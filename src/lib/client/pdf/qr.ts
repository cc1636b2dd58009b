import QRCode from 'qrcode';
import { INK, type Op } from './drawing';

/** Light modules the QR specification asks for around the symbol so scanners can find it. */
export const QUIET_ZONE_MODULES = 4;

/**
 * A QR code as filled rectangles (one per horizontal run of dark modules): vector, so it stays sharp at any
 * printer resolution. `box` is the whole square including the quiet zone, which must stay clear of ink.
 * Level M survives a scuffed, laminated card (15% of codewords recoverable) without making modules too small.
 */
export function qrOps(text: string, x: number, y: number, box: number): Op[] {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const n = modules.size;
	const m = box / (n + 2 * QUIET_ZONE_MODULES);
	const x0 = x + QUIET_ZONE_MODULES * m;
	const y0 = y + QUIET_ZONE_MODULES * m;
	const ops: Op[] = [];
	for (let row = 0; row < n; row++) {
		let col = 0;
		while (col < n) {
			if (!modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < n && modules.get(row, col)) col++;
			// A hair of overlap between rows: some viewers anti-alias abutting edges into faint white seams.
			ops.push({ kind: 'rect', x: x0 + start * m, y: y0 + row * m, w: (col - start) * m, h: m + 0.02, fill: INK });
		}
	}
	return ops;
}

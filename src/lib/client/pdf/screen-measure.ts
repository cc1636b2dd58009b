import type { Measure } from './drawing';
import { PT } from './drawing';

/** The font the SVG preview sets the card in (PagePreview.svelte). */
const FAMILY = "Helvetica, Arial, 'Liberation Sans', sans-serif";

/**
 * Text widths for drawing the card on screen, from the browser's own font, so showing the license needs neither
 * jsPDF (its metrics are for printing; it is ~135 KB gzip) nor a network. Measured at 100 px and scaled to
 * millimetres at `size` points.
 */
export function screenMeasure(): Measure {
	const context = document.createElement('canvas').getContext('2d');
	return (text, size, bold = false) => {
		if (!context) return text.length * size * PT * 0.55; // no canvas: an average Helvetica advance
		context.font = `${bold ? 700 : 400} 100px ${FAMILY}`;
		return (context.measureText(text).width / 100) * size * PT;
	};
}

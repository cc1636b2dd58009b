import type { Op, PathSegment } from './drawing';

/**
 * The Star of Life — the emblem of emergency medical services — as three crossed bars: drawn, not an image,
 * so it needs no asset and prints crisply in any single colour.
 */
export function starOfLife(cx: number, cy: number, height: number, fill: string): Op[] {
	const half = height / 2;
	const arm = height * 0.17;
	return [90, 30, 150].map((deg) => {
		const a = (deg * Math.PI) / 180;
		const ux = Math.cos(a);
		const uy = -Math.sin(a);
		const px = -uy;
		const py = ux;
		const pts: [number, number][] = [
			[cx + ux * half + px * arm, cy + uy * half + py * arm],
			[cx + ux * half - px * arm, cy + uy * half - py * arm],
			[cx - ux * half - px * arm, cy - uy * half - py * arm],
			[cx - ux * half + px * arm, cy - uy * half + py * arm]
		];
		const d: PathSegment[] = [['M', ...pts[0]!], ['L', ...pts[1]!], ['L', ...pts[2]!], ['L', ...pts[3]!], ['Z']];
		return { kind: 'path', d, fill } satisfies Op;
	});
}

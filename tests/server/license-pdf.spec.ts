import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// fast-png (also what jsPDF decodes PNGs with) reads the poppler renders.
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSignature } from '../../src/lib/client/verify-signature';
import { buildLicensePdf, licensePage, newDocument, PAPER, type Paper } from '../../src/lib/client/pdf/license-pdf';
import { jsPdfMeasure } from '../../src/lib/client/pdf/drawing';
import { CARD_CORNER_RADIUS, CARD_HEIGHT, CARD_WIDTH } from '../../src/lib/client/pdf/wallet-card';
import type { LicenseForPrint } from '../../src/lib/domain/license-for-print';
import { tokenFromAddress, verifyAddress } from '../../src/lib/domain/signed-credential';
import { signClaims, verifyToken } from '../../src/lib/server/credentials/sign';
import { loadSigningKey } from '../../src/lib/server/credentials/signing-key';

const dir = mkdtempSync(join(tmpdir(), 'ems-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = loadSigningKey({ dataDir: dir });
const keySet = { keys: [{ kid: key.keyId, x: key.publicKey }] };
const name = 'Jordan Avery Smith-Lindqvist';
const token = signClaims(key, { kind: 'licensee', emsNumber: '100002', level: 'Paramedic', number: 'P-012345', expiresOn: '2027-03-31', name });
const license: LicenseForPrint = {
	name,
	emsNumber: '100002',
	level: 'Paramedic',
	credentialNumber: 'P-012345',
	status: 'active',
	issuedOn: '2025-04-01',
	expiresOn: '2027-03-31',
	token,
	verifyUrl: verifyAddress('https://registry.ems.nd.gov', token)
};

const DPI = 600;
const PX_PER_MM = DPI / 25.4;
// stderr ignored: zbarimg complains about a missing D-Bus on servers, harmlessly.
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** Renders the top `heightMm` of the page at 600 dpi and returns a darkness test per pixel. */
function renderTop(pdf: string, heightMm: number) {
	const prefix = join(dir, `top-${Math.random().toString(36).slice(2)}`);
	run('pdftoppm', ['-r', String(DPI), '-png', '-gray', '-singlefile', '-f', '1', '-l', '1', '-x', '0', '-y', '0', '-W', '99999', '-H', String(Math.round(heightMm * PX_PER_MM)), pdf, prefix]);
	const png = decode(readFileSync(`${prefix}.png`));
	const dark = (x: number, y: number) => png.data[(y * png.width + x) * png.channels]! < 128;
	return { file: `${prefix}.png`, dark, width: png.width, height: png.height };
}

/**
 * Finds the centre of a straight printed line near `expectedMm` (within ±2.5 mm): counts dark pixels per pixel
 * column (or row) along the line's straight stretch, keeps the runs of columns at least half as dark as the
 * darkest, and returns the centre of the run nearest the expected place. The expectation only picks among
 * runs; the answer comes from the pixels.
 */
function lineCentre(img: ReturnType<typeof renderTop>, axis: 'vertical' | 'horizontal', expectedMm: number, alongMm: [number, number]): number {
	const from = Math.round((expectedMm - 2.5) * PX_PER_MM);
	const to = Math.round((expectedMm + 2.5) * PX_PER_MM);
	const a0 = Math.round(alongMm[0] * PX_PER_MM);
	const a1 = Math.round(alongMm[1] * PX_PER_MM);
	const counts: number[] = [];
	for (let p = from; p <= to; p++) {
		let n = 0;
		for (let q = a0; q <= a1; q++) if (axis === 'vertical' ? img.dark(p, q) : img.dark(q, p)) n++;
		counts.push(n);
	}
	const max = Math.max(...counts);
	expect(max, `a line near ${expectedMm} mm`).toBeGreaterThan((a1 - a0) * 0.5);
	const runs: number[][] = [];
	counts.forEach((n, i) => {
		if (n < max / 2) return;
		const last = runs[runs.length - 1];
		if (last && last[last.length - 1] === i - 1) last.push(i);
		else runs.push([i]);
	});
	const centres = runs.map((r) => (from + (r[0]! + r[r.length - 1]!) / 2) / PX_PER_MM);
	return centres.reduce((best, c) => (Math.abs(c - expectedMm) < Math.abs(best - expectedMm) ? c : best));
}

describe.each(['letter', 'a4'] as Paper[])('license PDF on %s', (paper) => {
	const pdf = join(dir, `license-${paper}.pdf`);
	const built = buildLicensePdf(license, { paper, printedOn: '2026-03-15' });
	writeFileSync(pdf, Buffer.from(built.bytes));
	const layout = licensePage(license, paper, '2026-03-15', jsPdfMeasure(newDocument(paper)));

	it('is one valid page of the chosen paper, named for the license', () => {
		expect(built.filename).toBe('ND-EMS-License-P-012345.pdf');
		const info = run('pdfinfo', [pdf]);
		expect(info).toMatch(/Pages:\s+1\n/);
		expect(info).toContain(paper === 'letter' ? 'Page size:       612 x 792 pts (letter)' : 'Page size:       595.28 x 841.89 pts (A4)');
		expect(run('qpdf', ['--check', pdf])).toContain('No syntax or stream encoding errors found');
		expect(PAPER[paper].width).toBeCloseTo(paper === 'letter' ? 215.9 : 210, 5);
	});

	it('prints each card face at ID-1 size (85.60 × 53.98 mm) within 0.3 mm, measured on a 600 dpi render', () => {
		const { front, back } = layout;
		const img = renderTop(pdf, front.y + CARD_HEIGHT + 8);
		const r = CARD_CORNER_RADIUS + 0.5;
		const straightY: [number, number] = [front.y + r, front.y + CARD_HEIGHT - r];
		const left = lineCentre(img, 'vertical', front.x, straightY);
		const fold = lineCentre(img, 'vertical', back.x, straightY);
		const right = lineCentre(img, 'vertical', back.x + CARD_WIDTH, straightY);
		const faces = [front, back].map((f) => {
			const straightX: [number, number] = [f.x + r, f.x + CARD_WIDTH - r];
			return lineCentre(img, 'horizontal', f.y + CARD_HEIGHT, straightX) - lineCentre(img, 'horizontal', f.y, straightX);
		});
		const measured = { frontWidth: fold - left, backWidth: right - fold, frontHeight: faces[0]!, backHeight: faces[1]! };
		console.log(`${paper} card faces (mm):`, Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, Number(v.toFixed(3))])));
		expect(Math.abs(measured.frontWidth - 85.6)).toBeLessThanOrEqual(0.3);
		expect(Math.abs(measured.backWidth - 85.6)).toBeLessThanOrEqual(0.3);
		expect(Math.abs(measured.frontHeight - 53.98)).toBeLessThanOrEqual(0.3);
		expect(Math.abs(measured.backHeight - 53.98)).toBeLessThanOrEqual(0.3);
	});

	it('carries QR codes that scan to a verify link whose signature is valid', async () => {
		const png = join(dir, `page-${paper}`);
		run('pdftoppm', ['-r', '300', '-png', '-gray', '-singlefile', pdf, png]);
		const decoded = run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', `${png}.png`]).trim().split('\n');
		// The card's back and the certificate each carry the same link.
		expect(decoded).toEqual([license.verifyUrl, license.verifyUrl]);
		const scanned = tokenFromAddress(decoded[0]!)!;
		expect(decoded[0]!.startsWith('HTTPS://REGISTRY.EMS.ND.GOV/V/')).toBe(true);
		expect(verifyToken(scanned, { [key.keyId]: key.publicKey })?.claims).toMatchObject({ name, number: 'P-012345', level: 'Paramedic' });
		expect((await checkSignature(scanned, keySet)).outcome).toBe('valid');
		// A digit in the signature: the claims still parse and name the key, so the check runs and fails.
		const at = scanned.length - 20;
		const altered = scanned.slice(0, at) + String((Number(scanned[at]) + 1) % 10) + scanned.slice(at + 1);
		expect((await checkSignature(altered, keySet)).outcome).toBe('invalid');
	});
});

import { AGENCY_TYPE_NAMES } from '$lib/domain/agency';
import { ISSUING_OFFICE, longDate, type AgencyLicenseForPrint } from '$lib/domain/license-for-print';
import { certificateFrame, certificateHeading, factTable, verificationBlock } from './certificate';
import { drawOps, INK, jsPdfMeasure, printable, PT, type Measure, type Op } from './drawing';
import { fitText } from './fit-text';
import { newDocument, PAPER, today, type BuiltPdf, type Paper } from './license-pdf';

export { PAPER };

/** "Print Agency License": one framed page with the same signed verification code as a licensee's card. */
export function agencyLicensePage(a: AgencyLicenseForPrint, paper: Paper, printedOn: string, measure: Measure): Op[] {
	const { width, height } = PAPER[paper];
	const b = { x: 16, y: 16, w: width - 32, h: height - 32 };
	const ops: Op[] = certificateFrame(b);
	const cx = width / 2;
	let y = certificateHeading(b, 'EMS Agency License', ops);
	ops.push({ kind: 'text', x: cx, y: y + 9, text: 'This is to certify that', size: 10.5, colour: INK, align: 'center' });
	const name = fitText(printable(a.name), { maxWidth: b.w - 30, maxSize: 24, minSize: 12, maxLines: 2, bold: true }, measure);
	y += 12;
	name.lines.forEach((line, i) => ops.push({ kind: 'text', x: cx, y: y + name.size * PT * (0.72 + i * 1.15), text: line, size: name.size, bold: true, align: 'center' }));
	y += name.size * PT * (0.72 + (name.lines.length - 1) * 1.15) + 8;
	ops.push({ kind: 'text', x: cx, y, text: `is licensed by the ${ISSUING_OFFICE} to operate as`, size: 10.5, align: 'center' });
	ops.push({ kind: 'text', x: cx, y: y + 9, text: AGENCY_TYPE_NAMES[a.type], size: 17, bold: true, colour: '#1b3a5c', align: 'center' });
	factTable(
		[
			['Agency license number', a.licenseNumber],
			['Agency number', a.agencyNumber],
			['Address', a.addressLines.join(', ')],
			['License expires', longDate(a.licenseExpiresOn)],
			['Printed', longDate(printedOn)],
			['Issuing office', ISSUING_OFFICE]
		],
		b.x + 12,
		y + 26,
		b.w - 24,
		measure,
		ops
	);
	verificationBlock(a.verifyUrl, a.licenseNumber, b, measure, ops);
	return ops;
}

export function agencyLicensePdfFilename(licenseNumber: string): string {
	return `ND-EMS-Agency-License-${licenseNumber.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;
}

export function buildAgencyLicensePdf(a: AgencyLicenseForPrint, options: { paper?: Paper; printedOn?: string } = {}): BuiltPdf {
	const paper = options.paper ?? 'letter';
	const doc = newDocument(paper);
	doc.setProperties({ title: `North Dakota EMS agency license ${a.licenseNumber}`, subject: a.name, creator: 'EMS Registry' });
	drawOps(doc, agencyLicensePage(a, paper, options.printedOn ?? today(), jsPdfMeasure(doc)));
	return { filename: agencyLicensePdfFilename(a.licenseNumber), bytes: doc.output('arraybuffer') };
}

/** The layout alone, for the on-screen preview: same measurements as the PDF, nothing drawn. */
export function previewAgencyLicensePage(a: AgencyLicenseForPrint, paper: Paper, printedOn = today()): Op[] {
	return agencyLicensePage(a, paper, printedOn, jsPdfMeasure(newDocument(paper)));
}

import { deflateSync } from 'node:zlib';
import { cycleEnding } from '../../domain/recert';
import type { CeCertificatesTable, CeEntriesTable } from '../db/schema';
import { SeededRandom } from './seeded-random';
import type { DemoData } from './generator';

/**
 * The demo paramedic 100002's continuing education this cycle: a realistic log that leaves her a few hours short
 * (2.5 of Trauma and 3 of Local under the 2025 model), one course from before the cycle that does not count, and a
 * certificate photo on the ACLS renewal. Dates are spread over the part of the cycle before the demo's day.
 */
export const DEMO_CE_EMS_NUMBER = '100002';

type Entry = Omit<CeEntriesTable, 'revision' | 'updatedAt' | 'deletedAt' | 'fieldRevisions'>;

const LOG: (Omit<Entry, 'id' | 'emsNumber' | 'completedOn' | 'certificate'> & { at: number })[] = [
	{ at: 0.08, title: 'ACLS Renewal', provider: 'American Heart Association', hours: 7, format: 'F1', component: 'national', topic: 'cardiovascular', pediatric: 0, courseNumber: 'AHA-ACLS-2025-118' },
	{ at: 0.15, title: 'EMS World Expo sessions', provider: 'EMS World', hours: 15, format: 'F2', component: 'individual', topic: null, pediatric: 0, courseNumber: null },
	{ at: 0.25, title: 'Pediatric assessment and fever', provider: 'Sanford Health', hours: 4, format: 'F1', component: 'national', topic: 'medical', pediatric: 1, courseNumber: 'SAN-PED-204' },
	{ at: 0.35, title: 'Airway management lab', provider: 'Sanford Health', hours: 6, format: 'F1', component: 'national', topic: 'airway', pediatric: 0, courseNumber: 'SAN-AIR-310' },
	{ at: 0.5, title: 'PHTLS Refresher', provider: 'NAEMT', hours: 2.5, format: 'F5', component: 'national', topic: 'trauma', pediatric: 0, courseNumber: 'NAEMT-PHTLS-R' },
	{ at: 0.62, title: 'Sepsis and septic shock', provider: 'CentreLearn', hours: 4, format: 'F3', component: 'national', topic: 'medical', pediatric: 0, courseNumber: '24-CL-SEP-01' },
	{ at: 0.75, title: 'MCI triage drill', provider: 'Red River Valley Ambulance', hours: 4, format: 'F1', component: 'national', topic: 'operations', pediatric: 0, courseNumber: null },
	{ at: 0.9, title: 'Monthly squad training', provider: 'Red River Valley Ambulance', hours: 12, format: 'F1', component: 'local', topic: null, pediatric: 0, courseNumber: null }
];

const DAY = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export function demoCeEntries(data: DemoData, today: string): { entries: Entry[]; certificates: CeCertificatesTable[] } {
	const credential = data.credentials.find((c) => c.emsNumber === DEMO_CE_EMS_NUMBER && c.status === 'active');
	const account = data.accounts.find((a) => a.emsNumber === DEMO_CE_EMS_NUMBER);
	if (!credential || !account) return { entries: [], certificates: [] };
	const { cycleStart } = cycleEnding(credential.nremtExpiresOn ?? credential.expiresOn);
	const span = Math.max(1, (Date.parse(today) - Date.parse(cycleStart)) / DAY - 1);
	const rng = new SeededRandom(100002);
	const entries: Entry[] = LOG.map(({ at, ...e }) => ({ ...e, id: rng.uuid(), emsNumber: DEMO_CE_EMS_NUMBER, completedOn: addDays(cycleStart, Math.floor(span * at)), certificate: null }));
	// Taken before this cycle began: listed, and shown as not counting.
	entries.push({
		id: rng.uuid(),
		emsNumber: DEMO_CE_EMS_NUMBER,
		title: 'CPR instructor update',
		provider: 'American Red Cross',
		completedOn: addDays(cycleStart, -20),
		hours: 2,
		format: 'F1',
		component: 'individual',
		topic: null,
		pediatric: 0,
		courseNumber: null,
		certificate: null
	});
	const acls = entries[0]!;
	acls.certificate = 'acls-renewal-card.png';
	const png = certificatePng();
	return {
		entries,
		certificates: [
			{
				ceEntryId: acls.id,
				contentType: 'image/png',
				fileName: acls.certificate,
				size: png.length,
				data: png.toString('base64'),
				uploadedBy: account.id,
				uploadedAt: `${acls.completedOn}T18:00:00.000Z`
			}
		]
	};
}

/** A small drawn "course completion card" (a bordered page with ruled lines and a seal), so the demo needs no binary file. */
export function certificatePng(width = 360, height = 240): Buffer {
	const rows: Buffer[] = [];
	for (let y = 0; y < height; y++) {
		const row = Buffer.alloc(1 + width * 3);
		for (let x = 0; x < width; x++) {
			let c: [number, number, number] = [255, 255, 255];
			const border = x < 8 || y < 8 || x >= width - 8 || y >= height - 8;
			const line = x > 40 && x < width - 40 && [60, 100, 130, 160].some((ly) => y >= ly && y < ly + (ly === 60 ? 8 : 3));
			const seal = (x - (width - 70)) ** 2 + (y - (height - 55)) ** 2 < 28 ** 2;
			if (border) c = [29, 61, 107];
			else if (seal) c = [180, 40, 40];
			else if (line) c = [120, 120, 120];
			row.set(c, 1 + x * 3);
		}
		rows.push(row);
	}
	const chunk = (type: string, body: Buffer) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(body.length);
		const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(typed));
		return Buffer.concat([len, typed, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
	let crc = ~0;
	for (const b of bytes) {
		crc ^= b;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc >>> 0;
}

import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ceEntrySchema } from '../../src/lib/domain/ce-entry';
import { sniffCertificateType } from '../../src/lib/domain/certificate-file';
import { recertPlan, recertProgress, type CeRow } from '../../src/lib/domain/recert-progress';
import { demoCeEntries } from '../../src/lib/server/demo/ce-entries';
import { generateDemoData } from '../../src/lib/server/demo/generator';
import { DEMO_REFERENCE_DATE } from '../../src/lib/server/demo/load';

describe('demo CE log of 100002', () => {
	const data = generateDemoData({ today: DEMO_REFERENCE_DATE });
	const { entries, certificates } = demoCeEntries(data, DEMO_REFERENCE_DATE);

	it('is valid by the sync schema and leaves her a few hours short, with one course before the cycle', () => {
		for (const e of entries) expect(v.safeParse(ceEntrySchema, e).success, e.title).toBe(true);
		const credential = data.credentials.find((c) => c.emsNumber === '100002' && c.status === 'active')!;
		const plan = recertPlan(credential)!;
		expect(entries.every((e) => e.completedOn <= DEMO_REFERENCE_DATE)).toBe(true);
		const progress = recertProgress(plan, entries as CeRow[], DEMO_REFERENCE_DATE);
		expect(progress.modelName).toBe('NCCP 2025 model');
		expect(progress.result.totalCounted).toBe(54.5);
		expect(progress.missing).toEqual(['2.5 more credits of Trauma', '3 more credits of Local (state or agency) education']);
		expect(progress.result.entries.filter((e) => e.notCountedReason).map((e) => entries.find((x) => x.id === e.id)!.title)).toEqual(['CPR instructor update']);
	});

	it('has a certificate photo on the ACLS renewal that is a real PNG', () => {
		expect(certificates).toHaveLength(1);
		const acls = entries.find((e) => e.title === 'ACLS Renewal')!;
		expect(certificates[0]).toMatchObject({ ceEntryId: acls.id, contentType: 'image/png' });
		expect(acls.certificate).toBe(certificates[0]!.fileName);
		expect(sniffCertificateType(new Uint8Array(Buffer.from(certificates[0]!.data, 'base64')))).toBe('image/png');
	});
});

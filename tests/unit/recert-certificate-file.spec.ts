import { describe, expect, it } from 'vitest';
import { prepareCertificate } from '../../src/lib/client/certificate-file';
import { MAX_CERTIFICATE_BYTES } from '../../src/lib/domain/certificate-file';

/** The device refuses a certificate before anything is kept or queued; photos are shrunk in the browser (e2e). */
describe('a certificate chosen on the device', () => {
	const pdf = (size: number) => {
		const bytes = new Uint8Array(size).fill(0x20);
		bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
		return new File([bytes], 'acls.pdf', { type: 'application/pdf' });
	};

	it('keeps a PDF of up to 5 MB as it is, and refuses one byte more', async () => {
		const kept = await prepareCertificate(pdf(MAX_CERTIFICATE_BYTES));
		expect(kept).toMatchObject({ name: 'acls.pdf', type: 'application/pdf' });
		expect(kept.blob.size).toBe(MAX_CERTIFICATE_BYTES);
		await expect(prepareCertificate(pdf(MAX_CERTIFICATE_BYTES + 1))).rejects.toThrow(
			'That file is larger than 5 MB. Take a photo of the certificate instead, or choose a smaller PDF.'
		);
	});

	it('judges by the bytes, not the name or the type the browser claims', async () => {
		const fake = new File(['<html>not a certificate</html>'], 'certificate.pdf', { type: 'application/pdf' });
		await expect(prepareCertificate(fake)).rejects.toThrow('That file is not a photo or a PDF. Take a photo of the certificate, or choose its PDF.');
		const untyped = pdf(1000);
		expect((await prepareCertificate(new File([untyped], 'scan', { type: '' }))).type).toBe('application/pdf');
		await expect(prepareCertificate(new File([], 'empty.jpg', { type: 'image/jpeg' }))).rejects.toThrow('That file is empty.');
	});
});

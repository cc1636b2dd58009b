import { CERTIFICATE_TOO_LARGE, MAX_CERTIFICATE_BYTES, NOT_A_CERTIFICATE, sniffCertificateType } from '$lib/domain/certificate-file';
import { PhotoError, preparePhoto } from './document-photo';

/**
 * A certificate as the device keeps it: a photo shrunk to a JPEG like a request document (document-photo.ts), or
 * the PDF as it is. The file is judged by its first bytes before anything is kept or queued; the server checks
 * again. An iPhone's HEIC photo that this browser cannot draw is kept as it is (the server accepts HEIC).
 */
export interface PreparedCertificate {
	name: string;
	type: string;
	blob: Blob;
}

export { PhotoError as CertificateError };

export async function prepareCertificate(file: File): Promise<PreparedCertificate> {
	if (file.size === 0) throw new PhotoError('That file is empty.');
	const type = sniffCertificateType(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
	if (!type) throw new PhotoError(NOT_A_CERTIFICATE);
	const tooLarge = file.size > MAX_CERTIFICATE_BYTES;
	if (type === 'application/pdf') {
		if (tooLarge) throw new PhotoError(CERTIFICATE_TOO_LARGE);
		return { name: file.name || 'certificate.pdf', type, blob: file };
	}
	try {
		// A photo of any size is fine: it is shrunk well under 1 MB here.
		return await preparePhoto(new File([file], file.name || 'certificate', { type }));
	} catch (error) {
		if (type === 'image/heic' && !tooLarge) return { name: file.name || 'certificate.heic', type, blob: file };
		throw error;
	}
}

import { CertificateError, prepareCertificate, type PreparedCertificate } from './certificate-file';

/**
 * The NREMT card or certificate sent with a renewal: a photo (shrunk to a JPEG) or the PDF as it is, judged by its
 * first bytes like a CE certificate (certificate-file.ts); the server sniffs it again. A HEIC photo this browser
 * cannot draw is refused here, since the office's browser could not show it either.
 */
export async function prepareRenewalCard(file: File): Promise<PreparedCertificate> {
	const card = await prepareCertificate(file);
	if (card.type === 'image/heic') throw new CertificateError('This browser cannot read that photo. Choose a JPEG or PNG photo, or the PDF of your certificate.');
	return card;
}

export { CertificateError };

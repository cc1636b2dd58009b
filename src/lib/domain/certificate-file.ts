/**
 * What a CE certificate file really is, read from its first bytes, never from its name or the type a browser
 * claims: the device checks before queueing a file and the server checks again on upload. Pure, no imports.
 */
export const MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024;

export type CertificateType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'application/pdf';

const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));
/** ISO base-media brands of HEIF/HEIC stills (iPhone photos). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif']);

export function sniffCertificateType(bytes: Uint8Array): CertificateType | null {
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'image/png';
	if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
	if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 4))) return 'image/heic';
	if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
	return null;
}

export const NOT_A_CERTIFICATE = 'That file is not a photo or a PDF. Take a photo of the certificate, or choose its PDF.';
export const CERTIFICATE_TOO_LARGE = 'That file is larger than 5 MB. Take a photo of the certificate instead, or choose a smaller PDF.';

/** The sentence that refuses a file, or null when it may be kept and sent. */
export function certificateProblem(bytes: Uint8Array): string | null {
	if (bytes.length === 0) return 'That file is empty.';
	if (!sniffCertificateType(bytes)) return NOT_A_CERTIFICATE;
	if (bytes.length > MAX_CERTIFICATE_BYTES) return CERTIFICATE_TOO_LARGE;
	return null;
}

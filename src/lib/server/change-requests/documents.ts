import { MAX_CERTIFICATE_BYTES, sniffCertificateType } from '../../domain/certificate-file';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';

/** Larger than the device ever sends (it resizes to well under this); anything bigger is not one of ours. */
export const MAX_DOCUMENT_BYTES = 1_000_000;
export const DOCUMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The first bytes each accepted type starts with: the content type a sender names must be what it sent. */
function startsAs(contentType: string, b: Uint8Array): boolean {
	const at = (offset: number, ...bytes: number[]) => bytes.every((x, i) => b[offset + i] === x);
	if (contentType === 'image/jpeg') return at(0, 0xff, 0xd8, 0xff);
	if (contentType === 'image/png') return at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
	if (contentType === 'image/webp') return at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50);
	return false;
}

export interface DocumentUpload {
	requestId: string;
	contentType: string;
	fileName: string;
	bytes: Uint8Array;
}

export type StoreResult = { ok: true } | { ok: false; status: 400 | 404 | 413 | 415; message: string };

/**
 * Keeps the document photo of a pending request. Only the person who asked may add it; sending it again (the
 * device lost the answer) replaces it, so a retry is harmless.
 */
export async function storeRequestDocument(db: Db, user: SessionUser, upload: DocumentUpload, now = new Date()): Promise<StoreResult> {
	// A renewal's NREMT card may also be the certificate's PDF (issue 12), kept as it is, like a CE certificate's.
	const pdf = upload.contentType === 'application/pdf';
	if (!pdf && !(DOCUMENT_TYPES as readonly string[]).includes(upload.contentType))
		return { ok: false, status: 415, message: 'Send a photo as a JPEG, PNG or WebP image.' };
	if (upload.bytes.length === 0) return { ok: false, status: 400, message: 'The photo is empty.' };
	if (upload.bytes.length > (pdf ? MAX_CERTIFICATE_BYTES : MAX_DOCUMENT_BYTES))
		return { ok: false, status: 413, message: pdf ? 'The PDF is larger than 5 MB.' : 'The photo is larger than 1 MB.' };
	if (pdf ? sniffCertificateType(upload.bytes) !== 'application/pdf' : !startsAs(upload.contentType, upload.bytes))
		return { ok: false, status: 415, message: 'This file is not the photo it says it is. Send a JPEG, PNG or WebP photo.' };
	const request = await db
		.selectFrom('changeRequests')
		.select(['id', 'status', 'kind'])
		.where('id', '=', upload.requestId)
		.where('requestedBy', '=', user.accountId)
		.executeTakeFirst();
	// Someone else's request and no request at all answer alike.
	if (!request) return { ok: false, status: 404, message: 'No such request of yours.' };
	if (pdf && request.kind !== 'renewal') return { ok: false, status: 415, message: 'Send a photo as a JPEG, PNG or WebP image.' };
	const row = {
		requestId: request.id,
		contentType: upload.contentType,
		fileName: upload.fileName.slice(0, 200) || 'document',
		size: upload.bytes.length,
		data: Buffer.from(upload.bytes).toString('base64'),
		uploadedBy: user.accountId,
		uploadedAt: now.toISOString()
	};
	await db
		.insertInto('changeRequestDocuments')
		.values(row)
		.onConflict((oc) => oc.column('requestId').doUpdateSet({ ...row }))
		.execute();
	return { ok: true };
}

import { certificateProblem, sniffCertificateType, CERTIFICATE_TOO_LARGE, MAX_CERTIFICATE_BYTES } from '../../domain/certificate-file';
import { parseFieldRevisions, stampFieldRevisions } from '../../domain/sync-conflicts';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';
import { lockRevisions, nextRevision } from '../db/revision';

export interface CertificateUpload {
	entryId: string;
	fileName: string;
	bytes: Uint8Array;
}

export type CertificateResult =
	| { ok: true; contentType: string; revision: number }
	| { ok: false; status: 400 | 404 | 413 | 415; message: string };

const NO_SUCH_ENTRY = 'No such continuing education entry of yours.';

/**
 * Keeps the certificate of a CE entry: only its owner may send it (the office too), the entry must have reached
 * the server first (the device uploads after the push), and the file must really be an image or a PDF of at most
 * 5 MB, judged by its bytes. Sending it again replaces it. The entry's `certificate` field gets the file name in
 * a new revision, so the person's other devices learn there is one.
 */
export async function storeCertificate(db: Db, user: SessionUser, upload: CertificateUpload, now = new Date()): Promise<CertificateResult> {
	if (upload.bytes.length > MAX_CERTIFICATE_BYTES) return { ok: false, status: 413, message: CERTIFICATE_TOO_LARGE };
	const problem = certificateProblem(upload.bytes);
	if (problem) return { ok: false, status: upload.bytes.length === 0 ? 400 : 415, message: problem };
	const contentType = sniffCertificateType(upload.bytes)!;
	const fileName = upload.fileName.replace(/[\u0000-\u001f]/g, '').slice(0, 200) || 'certificate';
	return db.transaction().execute(async (trx) => {
		await lockRevisions(trx);
		const entry = await trx.selectFrom('ceEntries').select(['id', 'emsNumber', 'revision', 'fieldRevisions', 'deletedAt']).where('id', '=', upload.entryId).executeTakeFirst();
		const mine = entry && entry.deletedAt === null && (user.role === 'office' || (user.emsNumber !== null && entry.emsNumber === user.emsNumber));
		// Someone else's entry and no entry at all answer alike.
		if (!entry || !mine) return { ok: false as const, status: 404 as const, message: NO_SUCH_ENTRY };
		const row = {
			ceEntryId: entry.id,
			contentType,
			fileName,
			size: upload.bytes.length,
			data: Buffer.from(upload.bytes).toString('base64'),
			uploadedBy: user.accountId,
			uploadedAt: now.toISOString()
		};
		await trx.insertInto('ceCertificates').values(row).onConflict((oc) => oc.column('ceEntryId').doUpdateSet({ ...row })).execute();
		const revision = await nextRevision(trx);
		const stamp = stampFieldRevisions(parseFieldRevisions(entry.fieldRevisions), Number(entry.revision), ['certificate'], revision, 'server');
		await trx
			.updateTable('ceEntries')
			.set({ certificate: fileName, revision, updatedAt: now.toISOString(), fieldRevisions: JSON.stringify(stamp) })
			.where('id', '=', entry.id)
			.execute();
		return { ok: true as const, contentType, revision };
	});
}

/** The certificate of an entry, for its owner or the office; null when there is none or it is not theirs. */
export async function readCertificate(db: Db, user: SessionUser, entryId: string) {
	const found = await db
		.selectFrom('ceCertificates')
		.innerJoin('ceEntries', 'ceEntries.id', 'ceCertificates.ceEntryId')
		.select(['ceCertificates.contentType', 'ceCertificates.fileName', 'ceCertificates.data', 'ceEntries.emsNumber', 'ceEntries.deletedAt'])
		.where('ceCertificates.ceEntryId', '=', entryId)
		.executeTakeFirst();
	if (!found || found.deletedAt !== null) return null;
	if (user.role !== 'office' && (user.emsNumber === null || found.emsNumber !== user.emsNumber)) return null;
	return { contentType: found.contentType, fileName: found.fileName, bytes: Buffer.from(found.data, 'base64') };
}

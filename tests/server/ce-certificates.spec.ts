import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CERTIFICATE_BYTES, sniffCertificateType } from '../../src/lib/domain/certificate-file';
import { readCertificate, storeCertificate } from '../../src/lib/server/ce/certificates';
import { push } from '../../src/lib/server/sync/push';
import { pull } from '../../src/lib/server/sync/pull';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, office, seedPerson } from '../support/sync-seed';

/** Certificates are checked by their bytes (images and PDF only) and size (≤ 5 MB), for the entry's owner only. */
let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const bytes = (...parts: (number[] | string)[]) =>
	new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const FILES = {
	jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF', [0, 1, 2, 3]),
	png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR'),
	webp: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0]),
	heic: bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'),
	pdf: bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')
};

let ems = 320000;
async function ownerWithEntry() {
	const owner = String(++ems);
	await seedPerson(t.db, owner);
	const id = crypto.randomUUID();
	const changes = { id, emsNumber: owner, title: 'ACLS renewal', provider: 'AHA', completedOn: '2026-02-02', hours: 8, format: 'F1', component: 'local' };
	const answer = await push(t.db, licensee(owner), { clientId: crypto.randomUUID(), mutations: [{ seq: 1, table: 'ceEntries', id, op: 'insert', baseRevision: null, changes }] });
	expect(answer.results[0]!.status).toBe('applied');
	return { owner, id, user: licensee(owner) };
}

describe('what a certificate file is, by its bytes', () => {
	it('knows JPEG, PNG, WebP, HEIC and PDF, and nothing else', () => {
		expect(sniffCertificateType(FILES.jpeg)).toBe('image/jpeg');
		expect(sniffCertificateType(FILES.png)).toBe('image/png');
		expect(sniffCertificateType(FILES.webp)).toBe('image/webp');
		expect(sniffCertificateType(FILES.heic)).toBe('image/heic');
		expect(sniffCertificateType(FILES.pdf)).toBe('application/pdf');
		expect(sniffCertificateType(bytes('<html><script>alert(1)</script>'))).toBeNull();
		expect(sniffCertificateType(bytes('PK', [3, 4, 20, 0]))).toBeNull(); // a .docx
		expect(sniffCertificateType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull();
		expect(sniffCertificateType(bytes([0, 0, 0, 0x18], 'ftypmp42'))).toBeNull(); // a video
		expect(sniffCertificateType(new Uint8Array())).toBeNull();
	});
});

describe('storing a certificate', () => {
	it('keeps each kind of file for the owner, with the type its bytes say; the entry names it in a new revision', async () => {
		for (const [kind, file] of Object.entries(FILES)) {
			const { id, user } = await ownerWithEntry();
			const before = await pull(t.db, user, 0, 1000);
			const stored = await storeCertificate(t.db, user, { entryId: id, fileName: `certificate.${kind}`, bytes: file });
			expect(stored, kind).toMatchObject({ ok: true, contentType: sniffCertificateType(file) });
			const after = await pull(t.db, user, before.cursor, 1000);
			expect(after.rows.ceEntries.map((r) => r.certificate), kind).toEqual([`certificate.${kind}`]);
			const read = await readCertificate(t.db, user, id);
			expect(read?.contentType).toBe(sniffCertificateType(file));
			expect(new Uint8Array(read!.bytes)).toEqual(file);
		}
	});

	it('refuses a file that is not an image or PDF whatever its name says, with a sentence', async () => {
		const { id, user } = await ownerWithEntry();
		const html = await storeCertificate(t.db, user, { entryId: id, fileName: 'certificate.jpg', bytes: bytes('<html>hello</html>') });
		expect(html).toEqual({ ok: false, status: 415, message: 'That file is not a photo or a PDF. Take a photo of the certificate, or choose its PDF.' });
		expect(await storeCertificate(t.db, user, { entryId: id, fileName: 'x.pdf', bytes: new Uint8Array() })).toMatchObject({ ok: false, status: 400 });
		expect(await readCertificate(t.db, user, id)).toBeNull();
	});

	it('takes exactly 5 MB and refuses one byte more', async () => {
		const { id, user } = await ownerWithEntry();
		const big = new Uint8Array(MAX_CERTIFICATE_BYTES + 1);
		big.set(FILES.pdf);
		const over = await storeCertificate(t.db, user, { entryId: id, fileName: 'big.pdf', bytes: big });
		expect(over).toEqual({
			ok: false,
			status: 413,
			message: 'That file is larger than 5 MB. Take a photo of the certificate instead, or choose a smaller PDF.'
		});
		expect((await storeCertificate(t.db, user, { entryId: id, fileName: 'big.pdf', bytes: big.subarray(0, MAX_CERTIFICATE_BYTES) })).ok).toBe(true);
	});

	it('another licensee can neither send nor read it; a missing entry answers the same; the office may read it', async () => {
		const { id, user } = await ownerWithEntry();
		const stranger = await ownerWithEntry();
		expect(await storeCertificate(t.db, stranger.user, { entryId: id, fileName: 'x.jpg', bytes: FILES.jpeg })).toEqual({
			ok: false,
			status: 404,
			message: 'No such continuing education entry of yours.'
		});
		expect(await storeCertificate(t.db, user, { entryId: crypto.randomUUID(), fileName: 'x.jpg', bytes: FILES.jpeg })).toMatchObject({ status: 404 });
		await storeCertificate(t.db, user, { entryId: id, fileName: 'mine.jpg', bytes: FILES.jpeg });
		expect(await readCertificate(t.db, stranger.user, id)).toBeNull();
		expect((await readCertificate(t.db, office, id))?.fileName).toBe('mine.jpg');
	});

	it('sending it again replaces it; an edit from the device afterwards does not conflict with the upload', async () => {
		const { id, user } = await ownerWithEntry();
		const first = await pull(t.db, user, 0, 1000);
		const base = Number(first.rows.ceEntries[0]!.revision);
		await storeCertificate(t.db, user, { entryId: id, fileName: 'first.jpg', bytes: FILES.jpeg });
		await storeCertificate(t.db, user, { entryId: id, fileName: 'second.png', bytes: FILES.png });
		expect((await readCertificate(t.db, user, id))?.contentType).toBe('image/png');
		// The device edits hours from the revision it saw before the uploads: only `certificate` changed since.
		const edit = await push(t.db, user, {
			clientId: crypto.randomUUID(),
			mutations: [{ seq: 1, table: 'ceEntries', id, op: 'update', baseRevision: base, changes: { hours: 7.5 } }]
		});
		expect(edit.results[0]).toMatchObject({ status: 'applied', conflicts: [] });
	});
});

describe('at the same moment', () => {
	it('an upload and an edit of the same entry both land: the file, its name and the new hours', async () => {
		const { id, user } = await ownerWithEntry();
		const base = Number((await pull(t.db, user, 0, 1000)).rows.ceEntries[0]!.revision);
		// One device editing from the revision it last pulled; the uploads (from it too) change only `certificate`.
		const clientId = crypto.randomUUID();
		for (let round = 0; round < 5; round++) {
			const hours = 5 + round * 0.25;
			const [stored, edited] = await Promise.all([
				storeCertificate(t.db, user, { entryId: id, fileName: `photo-${round}.jpg`, bytes: FILES.jpeg }),
				push(t.db, user, { clientId, mutations: [{ seq: round + 1, table: 'ceEntries', id, op: 'update', baseRevision: base, changes: { hours } }] })
			]);
			expect(stored.ok).toBe(true);
			expect(edited.results[0]).toMatchObject({ status: 'applied', conflicts: [] });
			const row = await t.db.selectFrom('ceEntries').select(['hours', 'certificate']).where('id', '=', id).executeTakeFirstOrThrow();
			expect(row).toEqual({ hours, certificate: `photo-${round}.jpg` });
		}
	});
});

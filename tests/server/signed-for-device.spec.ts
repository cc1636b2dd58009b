import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/lib/server/credentials/sign';
import { signedForPage } from '../../src/lib/server/credentials/signed-for-device';
import { loadSigningKey, type SigningKey } from '../../src/lib/server/credentials/signing-key';
import { push } from '../../src/lib/server/sync/push';
import { pull } from '../../src/lib/server/sync/pull';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, seedAffiliation, seedAgency, seedCredential, seedPerson } from '../support/sync-seed';

let t: TestDatabase;
let key: SigningKey;
let dir: string;
beforeAll(async () => {
	t = await createTestDatabase();
	dir = mkdtempSync(join(tmpdir(), 'ems-signed-'));
	key = loadSigningKey({ dataDir: dir });
});
afterAll(async () => {
	await t?.dispose();
	rmSync(dir, { recursive: true, force: true });
});

const origin = 'https://registry.example';
const publicKeys = () => ({ [key.keyId]: key.publicKey });

describe('signed licenses in what the device pulls', () => {
	it('a first pull carries the person’s signed license and the licenses of agencies they lead, not of others', async () => {
		const led = await seedAgency(t.db, 'A7001');
		const member = await seedAgency(t.db, 'A7002');
		await seedPerson(t.db, '400001', { firstName: 'Kristin', lastName: 'Aasen' });
		await seedCredential(t.db, '400001', { level: 'Paramedic', number: 'P-400001', expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31' });
		await seedAffiliation(t.db, '400001', led.number, 'squad_leader');
		await seedAffiliation(t.db, '400001', member.number);
		const user = licensee('400001', [led.number]);

		const page = await pull(t.db, user, 0, 1000);
		const signed = await signedForPage(t.db, key, user, page, origin);
		expect(signed?.license).toMatchObject({ name: 'Kristin Aasen', emsNumber: '400001', level: 'Paramedic', credentialNumber: 'P-400001' });
		expect(verifyToken(signed!.license!.token, publicKeys())?.claims).toMatchObject({ kind: 'licensee', number: 'P-400001', name: 'Kristin Aasen' });
		expect(signed!.license!.verifyUrl).toBe(`HTTPS://REGISTRY.EXAMPLE/V/${signed!.license!.token}`);
		expect(signed?.agencies?.map((a) => a.agencyNumber)).toEqual([led.number]);
		expect(verifyToken(signed!.agencies![0]!.token, publicKeys())?.claims).toMatchObject({ kind: 'agency', agencyNumber: led.number });

		// Nothing changed since: a periodic pull carries no signing work.
		const again = await pull(t.db, user, page.cursor, 1000);
		expect(await signedForPage(t.db, key, user, again, origin)).toBeUndefined();
	});

	it('re-signs the license when a pull brings a change to the person’s record', async () => {
		await seedPerson(t.db, '400002', { firstName: 'Dale', lastName: 'Schmitz' });
		const credential = await seedCredential(t.db, '400002', { level: 'EMR', number: 'EMR-400002', nremtNumber: null, nremtExpiresOn: null });
		const user = licensee('400002');
		const first = await pull(t.db, user, 0, 1000);
		expect((await signedForPage(t.db, key, user, first, origin))?.license?.credentialNumber).toBe('EMR-400002');

		// A contact change is a change to the person row, and so re-signs; the claims stay the same.
		const baseRevision = Number(first.rows.persons[0]!.revision);
		const [result] = (
			await push(t.db, user, {
				clientId: crypto.randomUUID(),
				mutations: [{ seq: 1, table: 'persons', id: '400002', op: 'update', baseRevision, changes: { city: 'Fargo' } }]
			})
		).results;
		expect(result).toMatchObject({ status: "applied", revision: expect.any(Number) });
		const next = await pull(t.db, user, first.cursor, 1000);
		const signed = await signedForPage(t.db, key, user, next, origin);
		expect(signed?.license).toMatchObject({ credentialNumber: credential.number, name: 'Dale Schmitz' });
		expect(signed?.agencies).toBeUndefined();
	});

	it('says "none" (null) when the person has no license to print any more', async () => {
		await seedPerson(t.db, '400003');
		const user = licensee('400003');
		const page = await pull(t.db, user, 0, 1000);
		expect(await signedForPage(t.db, key, user, page, origin)).toEqual({ license: null });
	});
});

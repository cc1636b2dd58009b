import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/lib/domain/sync-protocol';
import { storeRequestDocument } from '../../src/lib/server/change-requests/documents';
import type { OutgoingMessage } from '../../src/lib/server/messages/outbox';
import { EMAIL_TAKEN } from '../../src/lib/server/sync/apply';
import { push } from '../../src/lib/server/sync/push';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, seedPerson } from '../support/sync-seed';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

let counter = 300000;
const nextEms = () => String(++counter);

async function withAccount(ems: string) {
	const p = await seedPerson(t.db, ems);
	await t.db
		.insertInto('accounts')
		.values({ id: `acct-${ems}`, emsNumber: ems, email: p.email, role: 'licensee', passwordHash: null, createdAt: new Date().toISOString(), passwordChangedAt: null })
		.execute();
	return p;
}

const update = (seq: number, id: string, baseRevision: number, changes: Record<string, unknown>, reason?: string): Mutation => ({
	seq,
	table: 'persons',
	id,
	op: 'update',
	baseRevision,
	changes,
	...(reason ? { reason } : {})
});

describe('email change through sync', () => {
	it('changes the record at once but the sign-in address only on confirmation, and tells both addresses, after commit', async () => {
		const ems = nextEms();
		const p = await withAccount(ems);
		const sent: OutgoingMessage[] = [];
		const result = await push(
			t.db,
			licensee(ems),
			{ clientId: crypto.randomUUID(), mutations: [update(1, ems, p.revision, { email: 'New.Address@Example.org', mobilePhone: '701-555-0177' })] },
			{ deliver: async (m) => void sent.push(m) }
		);
		expect(result.results[0]).toMatchObject({ status: 'applied', current: { email: 'new.address@example.org', mobilePhone: '+17015550177' } });
		const account = await t.db.selectFrom('accounts').select('email').where('emsNumber', '=', ems).executeTakeFirstOrThrow();
		expect(account.email).toBe(p.email);
		expect(sent.map((m) => [m.to, m.subject])).toEqual([
			['new.address@example.org', 'Confirm your new EMS Registry email address'],
			[p.email, 'Your EMS Registry email address is being changed']
		]);
		expect(sent.every((m) => m.text.includes(ems))).toBe(true);
	});

	it('refuses an address another person uses, with a reason, and changes nothing', async () => {
		const ems = nextEms();
		const other = nextEms();
		const p = await withAccount(ems);
		const o = await withAccount(other);
		const sent: OutgoingMessage[] = [];
		const result = await push(
			t.db,
			licensee(ems),
			{ clientId: crypto.randomUUID(), mutations: [update(1, ems, p.revision, { email: o.email, city: 'Fargo' })] },
			{ deliver: async (m) => void sent.push(m) }
		);
		expect(result.results[0]).toMatchObject({ status: 'rejected', reason: EMAIL_TAKEN, errors: { email: EMAIL_TAKEN }, current: { email: p.email, city: 'Bismarck' } });
		const row = await t.db.selectFrom('persons').select(['email', 'city']).where('emsNumber', '=', ems).executeTakeFirstOrThrow();
		expect(row).toEqual({ email: p.email, city: 'Bismarck' });
		expect((await t.db.selectFrom('accounts').select('email').where('emsNumber', '=', ems).executeTakeFirstOrThrow()).email).toBe(p.email);
		expect(sent).toEqual([]);
	});

	it('sends notices to the development outbox by default', async () => {
		const ems = nextEms();
		const p = await withAccount(ems);
		await push(t.db, licensee(ems), { clientId: crypto.randomUUID(), mutations: [update(1, ems, p.revision, { email: `moved${ems}@example.org` })] });
		const messages = await t.db.selectFrom('messages').select('to').where('to', 'in', [p.email, `moved${ems}@example.org`]).execute();
		expect(messages).toHaveLength(2);
	});

	it('sends no second notice for a resent push', async () => {
		const ems = nextEms();
		const p = await withAccount(ems);
		const sent: OutgoingMessage[] = [];
		const request = { clientId: crypto.randomUUID(), mutations: [update(1, ems, p.revision, { email: `again${ems}@example.org` })] };
		await push(t.db, licensee(ems), request, { deliver: async (m) => void sent.push(m) });
		await push(t.db, licensee(ems), request, { deliver: async (m) => void sent.push(m) });
		expect(sent).toHaveLength(2);
	});
});

describe('name change request with a document photo', () => {
	it('lands in change_requests as pending, and takes its photo from the person who asked only', async () => {
		const ems = nextEms();
		const p = await withAccount(ems);
		const result = await push(t.db, licensee(ems), {
			clientId: crypto.randomUUID(),
			mutations: [update(1, ems, p.revision, { lastName: 'Olson' }, 'Marriage')]
		});
		const answer = result.results[0]!;
		expect(answer.status).toBe('requested');
		if (answer.status !== 'requested') return;
		const row = await t.db.selectFrom('changeRequests').selectAll().where('id', '=', answer.requestId).executeTakeFirstOrThrow();
		expect([row.emsNumber, row.kind, JSON.parse(row.changes), row.reason, row.status]).toEqual([ems, 'name', { lastName: 'Olson' }, 'Marriage', 'pending']);
		expect((await t.db.selectFrom('persons').select('lastName').where('emsNumber', '=', ems).executeTakeFirstOrThrow()).lastName).toBe(p.lastName);

		const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
		const upload = { requestId: answer.requestId, contentType: 'image/jpeg', fileName: 'certificate.jpg', bytes };
		expect(await storeRequestDocument(t.db, licensee(nextEms()), upload)).toMatchObject({ ok: false, status: 404 });
		expect(await storeRequestDocument(t.db, licensee(ems), { ...upload, contentType: 'application/pdf' })).toMatchObject({ ok: false, status: 415 });
		expect(await storeRequestDocument(t.db, licensee(ems), upload)).toEqual({ ok: true });
		// A retry after a lost answer replaces the photo instead of failing.
		expect(await storeRequestDocument(t.db, licensee(ems), upload)).toEqual({ ok: true });
		const doc = await t.db.selectFrom('changeRequestDocuments').selectAll().where('requestId', '=', answer.requestId).executeTakeFirstOrThrow();
		expect([doc.contentType, doc.size, Buffer.from(doc.data, 'base64')]).toEqual(['image/jpeg', 7, Buffer.from(bytes)]);
	});
});

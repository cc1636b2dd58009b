import 'fake-indexeddb/auto';
import { isHttpError } from '@sveltejs/kit';
import { Dexie } from 'dexie';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceDb, getMeta } from '../../src/lib/client/device-db';
import { mutate } from '../../src/lib/client/outbox';
import { pullChanges, pushOutbox, syncOnce } from '../../src/lib/client/sync';
import type { SessionUser } from '../../src/lib/domain/session-user';
import { pushRequestSchema } from '../../src/lib/domain/sync-protocol';
import { pull } from '../../src/lib/server/sync/pull';
import { push } from '../../src/lib/server/sync/push';
import { GET as sessionEndpoint } from '../../src/routes/api/session/+server';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { licensee, seedPerson } from '../support/sync-seed';

/**
 * The device's sync code (src/lib/client/sync.ts, outbox.ts) against the server's real push and pull on a real
 * database, with IndexedDB from fake-indexeddb. `signedIn` plays the session cookie: who the server takes the
 * caller for.
 */

// Node 20 has no Map.groupBy, which the device's pull code used when these tests were written; browsers have it.
const withGroupBy = Map as unknown as { groupBy?: <K, T>(items: T[], key: (item: T) => K) => Map<K, T[]> };
withGroupBy.groupBy ??= <K, T>(items: T[], key: (item: T) => K) => {
	const groups = new Map<K, T[]>();
	for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
	return groups;
};

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

let emsCounter = 300000;
const nextEms = () => String(++emsCounter);
let dbCounter = 0;
const freshDevice = () => new DeviceDb(`device-test-${++dbCounter}`);

interface FakeServer {
	fetch: typeof fetch;
	signedIn: SessionUser | null;
	/** Bodies of the pushes received. */
	pushes: { clientId: string; mutations: { seq: number; changes: Record<string, unknown> }[] }[];
	/** Called before a push is answered; tests hold answers here. */
	beforePushAnswer?: () => Promise<void>;
}

const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function fakeServer(signedIn: SessionUser | null): FakeServer {
	const server: FakeServer = {
		signedIn,
		pushes: [],
		fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
			const url = new URL(String(input), 'http://device.test');
			const user = server.signedIn;
			try {
				if (url.pathname === '/api/session') return await sessionEndpoint({ locals: { user, session: null } } as never);
				if (!user) return answer(401, { message: 'Sign in first.' });
				if (url.pathname === '/api/sync/push') {
					const body = v.parse(pushRequestSchema, JSON.parse(String(init?.body)));
					server.pushes.push(body);
					const result = await push(t.db, user, body);
					await server.beforePushAnswer?.();
					return answer(200, result);
				}
				if (url.pathname === '/api/sync/pull') {
					return answer(200, await pull(t.db, user, Number(url.searchParams.get('cursor')), Number(url.searchParams.get('limit'))));
				}
				return answer(404, { message: 'Not found' });
			} catch (error) {
				if (isHttpError(error)) return answer(error.status, error.body);
				throw error;
			}
		}) as typeof fetch
	};
	return server;
}

/** A person signed in on a fresh device that has pulled their record. */
async function signedInDevice() {
	const ems = nextEms();
	await seedPerson(t.db, ems);
	const user = licensee(ems);
	const device = freshDevice();
	const server = fakeServer(user);
	await syncOnce(device, server.fetch);
	return { ems, user, device, server };
}

const revisionOf = async (device: DeviceDb, ems: string) => (await device.persons.get(ems))!.revision;
const serverPerson = (ems: string) => t.db.selectFrom('persons').selectAll().where('emsNumber', '=', ems).executeTakeFirstOrThrow();

describe('device outbox: reading and marking as sent', () => {
	it('an edit made while the outbox is read for sending is sent, not dropped with the answer', async () => {
		const { ems, device, server } = await signedInDevice();
		const base = await revisionOf(device, ems);
		await mutate({ table: 'persons', id: ems, changes: { city: 'Fargo' }, baseRevision: base }, device);

		// The moment the push reads the queued entry, the person saves another field of the same record.
		let second: Promise<void> | undefined;
		device.outbox.hook('reading', (entry) => {
			second ??= Dexie.ignoreTransaction(() => mutate({ table: 'persons', id: ems, changes: { zip: '58102' }, baseRevision: base }, device));
			return entry;
		});
		await pushOutbox(device, server.fetch);
		await second;
		await pushOutbox(device, server.fetch);

		const row = await serverPerson(ems);
		expect(row.city).toBe('Fargo');
		expect(row.zip).toBe('58102');
		expect(await device.outbox.count()).toBe(0);
	});
});

describe('device results: two syncs answering the same entries', () => {
	it('a refusal received by two overlapping pushes is kept once', async () => {
		const { ems, device, server } = await signedInDevice();
		// The server refuses it: date of birth is the office's to change.
		await device.outbox.add({ seq: 900, table: 'persons', recordId: ems, op: 'update', baseRevision: 0, changes: { dateOfBirth: '1991-01-01' }, createdAt: new Date().toISOString(), sentAt: null, accountId: null });
		// Both pushes have sent before either answer is recorded (a tab and the sign-out, or Background Sync).
		let arrived = 0;
		let release!: () => void;
		const bothSent = new Promise<void>((resolve) => (release = resolve));
		server.beforePushAnswer = async () => {
			if (++arrived === 2) release();
			await bothSent;
		};
		await Promise.all([pushOutbox(device, server.fetch), pushOutbox(device, server.fetch)]);
		expect(server.pushes).toHaveLength(2);
		expect(await device.rejections.count()).toBe(1);
		expect(await device.outbox.count()).toBe(0);
	});
});

describe('device used by another person', () => {
	it('changes queued by one person are neither sent nor deleted when another signs in', async () => {
		const first = await signedInDevice();
		const base = await revisionOf(first.device, first.ems);
		await mutate({ table: 'persons', id: first.ems, changes: { city: 'Minot' }, baseRevision: base }, first.device);

		// The session ended without signing out; someone else signs in on the same browser.
		const otherEms = nextEms();
		await seedPerson(t.db, otherEms);
		first.server.signedIn = licensee(otherEms);
		await syncOnce(first.device, first.server.fetch);

		expect(first.server.pushes.filter((p) => p.mutations.length)).toHaveLength(0);
		expect(await first.device.outbox.count()).toBe(1);
		expect(await first.device.rejections.count()).toBe(0);
		expect((await serverPerson(first.ems)).city).toBe('Bismarck');
		// The new person sees their own record only.
		expect(await first.device.persons.get(first.ems)).toBeUndefined();
		expect(await first.device.persons.get(otherEms)).toBeDefined();

		// The other person's edits go under their own device id, and do not take the first person's along.
		await mutate({ table: 'persons', id: otherEms, changes: { city: 'Williston' }, baseRevision: await revisionOf(first.device, otherEms) }, first.device);
		await syncOnce(first.device, first.server.fetch);
		expect((await serverPerson(otherEms)).city).toBe('Williston');
		expect(await first.device.outbox.count()).toBe(1);

		// The first person signs in again: their change is sent at last.
		first.server.signedIn = first.user;
		await syncOnce(first.device, first.server.fetch);
		expect((await serverPerson(first.ems)).city).toBe('Minot');
		expect(await first.device.outbox.count()).toBe(0);
		const clientIds = new Set(first.server.pushes.filter((p) => p.mutations.length).map((p) => p.clientId));
		expect(clientIds.size).toBe(2);
	});

	it('a device id the server holds for another account is refused as a whole, and the device sends again under a new id', async () => {
		const first = await signedInDevice();
		await mutate({ table: 'persons', id: first.ems, changes: { city: 'Dickinson' }, baseRevision: await revisionOf(first.device, first.ems) }, first.device);
		await pushOutbox(first.device, first.server.fetch);
		const used = first.server.pushes.at(-1)!.clientId;

		const other = await signedInDevice();
		await expect(push(t.db, other.user, { clientId: used, mutations: [{ seq: 1, table: 'persons', id: other.ems, op: 'update', baseRevision: 0, changes: { city: 'Fargo' } }] })).rejects.toMatchObject({ status: 409 });
		expect((await serverPerson(other.ems)).city).toBe('Bismarck');

		// An older version kept one id per browser: this device's is the one the first person registered.
		await other.device.meta.bulkDelete((await other.device.meta.toCollection().primaryKeys()).filter((k) => k.startsWith('clientId')));
		await other.device.meta.put({ key: 'clientId', value: used });
		await mutate({ table: 'persons', id: other.ems, changes: { city: 'Jamestown' }, baseRevision: await revisionOf(other.device, other.ems) }, other.device);
		await pushOutbox(other.device, other.server.fetch);
		expect((await serverPerson(other.ems)).city).toBe('Jamestown');
		expect(await other.device.outbox.count()).toBe(0);
		expect(await other.device.rejections.count()).toBe(0);
		expect(other.server.pushes.at(-1)!.clientId).not.toBe(used);
	});

	it('learns who is signed in before sending', async () => {
		const { device, server } = await signedInDevice();
		await pullChanges(device, server.fetch);
		const otherEms = nextEms();
		await seedPerson(t.db, otherEms);
		server.signedIn = licensee(otherEms);
		const owner = await getMeta<string>(device, 'accountId');
		await device.outbox.add({ seq: 950, table: 'persons', recordId: otherEms, op: 'update', baseRevision: 0, changes: { city: 'Fargo' }, createdAt: new Date().toISOString(), sentAt: null, accountId: owner! });
		await pushOutbox(device, server.fetch);
		expect(server.pushes.filter((p) => p.mutations.length)).toHaveLength(0);
		expect(await device.outbox.count()).toBe(1);
	});
});

describe('device results: settled by key range (decision 046)', () => {
	it('a push settles its own entries and leaves another account’s entry between them queued, with its activity line', async () => {
		const { ems, device, server } = await signedInDevice();
		const base = await revisionOf(device, ems);
		await mutate({ table: 'persons', id: ems, changes: { city: 'Fargo' }, baseRevision: base }, device);
		const first = (await device.outbox.toArray())[0]!;
		// Someone else's change, queued on this device before they left it, numbered between this person's two.
		const foreign = { seq: first.seq + 1, table: 'persons' as const, recordId: '999999', op: 'update' as const, baseRevision: 0, changes: { city: 'Minot' }, createdAt: new Date().toISOString(), sentAt: null, accountId: 'someone-else' };
		await device.outbox.add(foreign);
		await device.activity.put({ seq: foreign.seq, table: 'persons', recordId: '999999', kind: 'change', fields: ['city'], at: foreign.createdAt, state: 'waiting', settledAt: null });
		await device.outbox.add({ ...foreign, seq: first.seq + 2, recordId: ems, baseRevision: base, changes: { zip: '58102' }, accountId: null });

		await pushOutbox(device, server.fetch);

		expect(server.pushes.at(-1)!.mutations.map((m) => m.seq)).toEqual([first.seq, first.seq + 2]);
		expect(await device.outbox.toArray()).toEqual([foreign]);
		expect(await device.activity.get(foreign.seq)).toMatchObject({ state: 'waiting', settledAt: null });
		expect(await device.activity.get(first.seq)).toMatchObject({ state: 'applied' });
		const row = await serverPerson(ems);
		expect([row.city, row.zip]).toEqual(['Fargo', '58102']);
		expect(await device.persons.get(ems)).toMatchObject({ city: 'Fargo' });
	});
});

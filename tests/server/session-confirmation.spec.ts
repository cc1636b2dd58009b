import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSession, validateSession } from '../../src/lib/server/auth/sessions';
import { addLicensee } from '../support/account-fixtures';

// The dev route uses the process's app database: point it at a temporary directory before it loads.
const dataDir = mkdtempSync(join(tmpdir(), 'ems-confirmation-'));
process.env.DATA_DIR = dataDir;
const savedDatabaseUrl = process.env.DATABASE_URL;
delete process.env.DATABASE_URL;

const { appDatabase } = await import('../../src/lib/server/app-database');
const confirmation = await import('../../src/routes/api/session/confirmation/+server');
const stale = await import('../../src/routes/dev/session/stale-confirmation/+server');

type Event = Parameters<typeof confirmation.GET>[0];
const ask = async (locals: unknown) => {
	try {
		const response = await confirmation.GET({ locals } as Event);
		return { status: response.status, body: (await response.json()) as { confirmed: boolean; remainingMs: number } };
	} catch (e) {
		return { status: (e as { status: number }).status, body: null };
	}
};

afterEach(() => {
	delete process.env.APP_ENV;
});
afterAll(async () => {
	const { close } = await appDatabase();
	await close();
	rmSync(dataDir, { recursive: true, force: true });
	if (savedDatabaseUrl !== undefined) process.env.DATABASE_URL = savedDatabaseUrl;
});

describe('GET /api/session/confirmation', () => {
	it('says how long "Confirm it\'s you" still holds, and 401 without a session', async () => {
		const user = { accountId: 'a', role: 'licensee', emsNumber: '100002', email: 'm@example.org', leaderOf: [] };
		const now = await ask({ user, session: { id: 's', reauthenticatedAt: new Date(Date.now() - 60_000).toISOString() } });
		expect(now.status).toBe(200);
		expect(now.body!.confirmed).toBe(true);
		expect(now.body!.remainingMs).toBeGreaterThan(8 * 60_000);
		expect(now.body!.remainingMs).toBeLessThanOrEqual(9 * 60_000 + 1000);
		const old = await ask({ user, session: { id: 's', reauthenticatedAt: new Date(Date.now() - 11 * 60_000).toISOString() } });
		expect(old.body).toEqual({ confirmed: false, remainingMs: 0 });
		expect((await ask({ user, session: { id: 's', reauthenticatedAt: null } })).body).toEqual({ confirmed: false, remainingMs: 0 });
		expect((await ask({ user: null, session: null })).status).toBe(401);
	});
});

describe('POST /dev/session/stale-confirmation', () => {
	it('ages this session’s confirmation past the window outside production, and is absent in production', async () => {
		const { db } = await appDatabase();
		const person = await addLicensee(db);
		const { token, id } = await createSession(db, person.accountId);
		type PostEvent = Parameters<typeof stale.POST>[0];
		await stale.POST({ locals: { session: { id, reauthenticatedAt: null } } } as unknown as PostEvent);
		const found = await validateSession(db, token);
		expect(Date.now() - Date.parse(found!.session.reauthenticatedAt!)).toBeGreaterThan(10 * 60_000);
		expect((await ask({ user: found!.user, session: found!.session })).body!.confirmed).toBe(false);

		process.env.APP_ENV = 'production';
		const refused = await Promise.resolve()
			.then(() => stale.POST({ locals: { session: { id, reauthenticatedAt: null } } } as unknown as PostEvent))
			.catch((e: { status: number }) => e);
		expect((refused as { status: number }).status).toBe(404);
	});
});

import { describe, expect, it } from 'vitest';

const route = await import('../../src/routes/api/sync/push/+server');
type Event = Parameters<typeof route.POST>[0];

const user = { accountId: 'acct-1', role: 'licensee', emsNumber: '100002', email: 'm@example.org', leaderOf: [] };
async function post(body: string) {
	const request = new Request('http://localhost/api/sync/push', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
	try {
		const response = await route.POST({ locals: { user }, request } as unknown as Event);
		return { status: response.status, body: (await response.json()) as unknown };
	} catch (e) {
		// SvelteKit's error(): what the device would get as JSON.
		const { status, body } = e as { status: number; body: unknown };
		return { status, body };
	}
}

describe('POST /api/sync/push: a push the server cannot read', () => {
	it('answers 400 with a message and action "reload" for a body of another version, or not JSON', async () => {
		// A device on an older version: mutations in a shape this server does not know.
		const old = JSON.stringify({ clientId: crypto.randomUUID(), changes: [{ n: 1, entity: 'person', patch: { city: 'Fargo' } }] });
		for (const body of [old, '{"clientId":', JSON.stringify({ clientId: 'not-a-uuid', mutations: [] })]) {
			const answer = await post(body);
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({ action: 'reload', message: expect.stringMatching(/^This app is out of date/) });
		}
	});
});

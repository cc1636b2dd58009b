import { describe, expect, it } from 'vitest';
import { requestPersistentStorage } from '$lib/client/pwa.svelte';

// Sign-in (a later issue) calls this; the browser side is covered by tests/e2e/pwa-install.e2e.ts.
describe('requestPersistentStorage', () => {
	it('is exported for sign-in to call', () => {
		expect(requestPersistentStorage).toBeTypeOf('function');
	});

	it('answers false off the browser instead of touching navigator', async () => {
		await expect(requestPersistentStorage()).resolves.toBe(false);
	});
});

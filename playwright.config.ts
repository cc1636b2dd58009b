import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 4183);
export const baseURL = `http://localhost:${port}`;

/**
 * End-to-end tests drive Debian's Chromium (Playwright cannot download its own browser here) against the built
 * app with a fresh database and the demo data.
 */
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	reporter: [['list']],
	use: {
		baseURL,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS }
	},
	webServer: {
		command: 'node scripts/e2e-server.mjs',
		url: `${baseURL}/shell`,
		reuseExistingServer: false,
		timeout: 120_000,
		env: { PORT: String(port), ORIGIN: baseURL }
	}
});

/**
 * Production mode hides development aids (the outbox pages). `npm start` serves the demo, not production:
 * set APP_ENV=production (or NODE_ENV=production) on a real deployment.
 */
export function isProduction(): boolean {
	return process.env.APP_ENV === 'production' || process.env.NODE_ENV === 'production';
}

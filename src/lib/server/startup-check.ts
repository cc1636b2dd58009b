import { verifyPassword } from './auth/password';
import type { Db } from './db';
import { DEMO_LOGINS } from './demo/demo-logins';
import { RefusedToStart, runtimeMode } from './runtime-mode';

/**
 * Refuses to serve real use while any demo account can still be signed into with the password the README
 * publishes (a registry that began as a demo, then got real mail settings). Costs one query when no demo
 * account exists; the hashes are checked only for demo accounts that are there.
 */
export async function checkBeforeServing(db: Db, env: Record<string, string | undefined> = process.env): Promise<void> {
	const mode = runtimeMode(env);
	if (!mode.realUse) return;
	const published = DEMO_LOGINS.filter((l) => l.password !== null);
	const found = await db
		.selectFrom('accounts')
		.select(['email', 'passwordHash'])
		.where(
			'email',
			'in',
			published.map((l) => l.email)
		)
		.where('passwordHash', 'is not', null)
		.execute();
	for (const login of published) {
		const account = found.find((a) => a.email === login.email);
		if (account?.passwordHash && (await verifyPassword(account.passwordHash, login.password!))) {
			throw new RefusedToStart(
				`Refusing to start: demo account ${login.email} still has the password published in the README, and ${mode.reason} makes this server real use; change or remove it first.`
			);
		}
	}
}

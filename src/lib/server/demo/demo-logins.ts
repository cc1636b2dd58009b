import demoLogins from './demo-logins.json';
import type { Level } from '$lib/domain/levels';

export interface DemoLogin {
	/** What the account shows off, for the README and the start script. */
	purpose: string;
	role: 'licensee' | 'office';
	/** ND EMS # (the login id of licensees); office staff have none. */
	emsNumber: string | null;
	email: string;
	level: Level | null;
	/** Null: the account has no password yet and is claimed with Forgot Password. */
	password: string | null;
}

/**
 * The fixed accounts every demo database holds; everyone else is generated and has no password.
 * Kept as JSON so `npm start` (plain Node, before any build) prints the same list.
 */
export const DEMO_LOGINS = demoLogins as readonly DemoLogin[];

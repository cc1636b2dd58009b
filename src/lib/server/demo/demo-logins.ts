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

/** The fixed accounts every demo database holds; everyone else is generated and has no password. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
	{
		purpose: 'First-time access: no password yet, use "Forgot Password"',
		role: 'licensee',
		emsNumber: '100001',
		email: 'new.emt@example.org',
		level: 'EMT',
		password: null
	},
	{
		purpose: 'Licensee dashboard, edit and print',
		role: 'licensee',
		emsNumber: '100002',
		email: 'medic@example.org',
		level: 'Paramedic',
		password: 'Demo-Paramedic-2026!'
	},
	{
		purpose: 'Squad leader of a quick response unit',
		role: 'licensee',
		emsNumber: '100003',
		email: 'leader@example.org',
		level: 'EMR',
		password: 'Demo-Leader-2026!'
	},
	{
		purpose: 'State EMS office console',
		role: 'office',
		emsNumber: null,
		email: 'office@example.org',
		level: null,
		password: 'Demo-Office-2026!'
	}
];

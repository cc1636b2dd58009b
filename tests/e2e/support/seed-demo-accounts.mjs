// STOPGAP until the demo data loader (src/lib/server/demo/load.ts, another issue) lands: gives the e2e database
// the four demo sign-ins from src/lib/server/demo/demo-logins.json when the loader has not created them.
// Does nothing once account 100001 exists, so it steps aside by itself. SQLite only (the e2e default).
import argon2 from 'argon2';
import SQLite from 'better-sqlite3';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export async function seedDemoAccountsIfMissing(path) {
	const db = new SQLite(path);
	db.pragma('busy_timeout = 5000');
	try {
		if (db.prepare('select 1 from accounts where ems_number = ?').get('100001')) return false;
		const now = new Date().toISOString();
		const person = db.prepare(`insert into persons (ems_number, first_name, middle_name, last_name, suffix, date_of_birth, email,
			mobile_phone, home_phone, street, street2, city, state, zip, revision, updated_at, deleted_at)
			values (?, ?, null, ?, null, '1990-05-01', ?, ?, null, '100 Main St', null, 'Bismarck', 'ND', '58501', 1, ?, null)`);
		const account = db.prepare(`insert into accounts (id, ems_number, email, role, password_hash, created_at, password_changed_at)
			values (?, ?, ?, ?, ?, ?, null)`);
		const credential = db.prepare(`insert into credentials (id, ems_number, level, number, status, issued_on, expires_on,
			nremt_number, nremt_expires_on, revision, updated_at, deleted_at) values (?, ?, ?, ?, 'active', '2025-04-01', '2027-03-31', null, null, 1, ?, null)`);
		const people = [
			['100001', 'Nora', 'Newcomb', 'new.emt@example.org', '+17015550101', null, 'EMT'],
			['100002', 'Mason', 'Medina', 'medic@example.org', '+17015550102', 'Demo-Paramedic-2026!', 'Paramedic'],
			['100003', 'Lena', 'Larson', 'leader@example.org', '+17015550103', 'Demo-Leader-2026!', 'EMR']
		];
		const hashes = await Promise.all(people.map((p) => (p[5] ? argon2.hash(p[5], OPTIONS) : null)));
		const officeHash = await argon2.hash('Demo-Office-2026!', OPTIONS);
		db.transaction(() => {
			people.forEach(([ems, first, last, email, phone, , level], i) => {
				person.run(ems, first, last, email, phone, now);
				account.run(`demo-${ems}`, ems, email, 'licensee', hashes[i], now);
				credential.run(`00000000-0000-4000-8000-${ems.padStart(12, '0')}`, ems, level, `ND-${ems}`, now);
			});
			account.run('demo-office', null, 'office@example.org', 'office', officeHash, now);
			db.prepare(`insert into agencies (number, name, type, parent_number, phone, email, street, street2, city, state, zip,
				license_number, license_expires_on, revision, updated_at, deleted_at)
				values ('2001', 'Prairie Quick Response Unit', 'quick_response_unit', null, '+17015550200', 'qru@example.org',
				'1 Fire Hall Rd', null, 'Mandan', 'ND', '58554', 'A-2001', '2027-06-30', 1, ?, null)`).run(now);
			db.prepare(`insert into affiliations (id, ems_number, agency_number, role, started_on, ended_on, revision, updated_at, deleted_at)
				values ('00000000-0000-4000-8000-000000002001', '100003', '2001', 'squad_leader', '2020-01-01', null, 1, ?, null)`).run(now);
		})();
		return true;
	} finally {
		db.close();
	}
}

import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affiliationSchema, isCurrent } from '../../src/lib/domain/affiliation';
import { AGENCY_TYPES, agencySchema } from '../../src/lib/domain/agency';
import { credentialSchema, displayStatus } from '../../src/lib/domain/credential';
import { LEVELS } from '../../src/lib/domain/levels';
import { personSchema } from '../../src/lib/domain/person';
import { vehicleSchema } from '../../src/lib/domain/vehicle';
import { verifyPassword } from '../../src/lib/server/auth/password';
import type { Db } from '../../src/lib/server/db';
import { generateDemoData, LARGE_AGENCY_NUMBER, type DemoData } from '../../src/lib/server/demo/generator';
import { DEMO_LOGINS, DEMO_REFERENCE_DATE, loadDemoDataIfEmpty } from '../../src/lib/server/demo/load';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const TODAY = DEMO_REFERENCE_DATE;
const data: DemoData = generateDemoData({ today: TODAY });

async function count(db: Db, table: 'persons' | 'credentials' | 'agencies' | 'affiliations' | 'vehicles' | 'accounts'): Promise<number> {
	const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
	// PostgreSQL returns count(*) as a string (bigint).
	return Number(row.n);
}

describe('demo generator', () => {
	it('is deterministic: the same seed gives byte-identical data', () => {
		expect(JSON.stringify(generateDemoData({ today: TODAY }))).toBe(JSON.stringify(data));
		expect(JSON.stringify(generateDemoData({ today: TODAY, seed: 7 }))).toBe(JSON.stringify(generateDemoData({ today: TODAY, seed: 7 })));
		expect(JSON.stringify(generateDemoData({ today: TODAY, seed: 7 }))).not.toBe(JSON.stringify(data));
	});

	it('produces records every domain schema accepts, already in canonical form', () => {
		const check = <S extends v.GenericSchema>(schema: S, records: readonly unknown[]) => {
			for (const record of records) {
				const result = v.safeParse(schema, record);
				if (!result.success) throw new Error(`${JSON.stringify(record)}: ${result.issues.map((i) => i.message).join('; ')}`);
				expect(result.output).toEqual(record);
			}
		};
		check(personSchema, data.persons);
		check(credentialSchema, data.credentials);
		check(agencySchema, data.agencies);
		check(affiliationSchema, data.affiliations);
		check(vehicleSchema, data.vehicles);
	});

	it('meets the volumes scale tests rely on', () => {
		expect(data.persons.length).toBeGreaterThanOrEqual(2_000);
		expect(data.agencies.length).toBeGreaterThanOrEqual(120);
		expect(data.vehicles.length).toBeGreaterThanOrEqual(400);
		expect(new Set(data.credentials.map((c) => c.level))).toEqual(new Set(LEVELS));
		expect(new Set(data.agencies.map((a) => a.type))).toEqual(new Set(AGENCY_TYPES));

		const large = data.agencies.find((a) => a.number === LARGE_AGENCY_NUMBER)!;
		expect(large.type).toBe('als_ground');
		expect(large.address.city).toBe('Fargo');
		const current = data.affiliations.filter((a) => a.agencyNumber === LARGE_AGENCY_NUMBER && isCurrent(a, TODAY));
		expect(current.length).toBeGreaterThanOrEqual(2_000);
		expect(data.vehicles.filter((x) => x.agencyNumber === LARGE_AGENCY_NUMBER).length).toBeGreaterThanOrEqual(190);
	});

	it('keeps ids, licence numbers, emails and EMS numbers unique', () => {
		const unique = (xs: readonly string[]) => expect(new Set(xs).size).toBe(xs.length);
		unique(data.persons.map((p) => p.emsNumber));
		unique(data.accounts.map((a) => a.email));
		unique(data.accounts.map((a) => a.id));
		unique(data.credentials.map((c) => c.number));
		unique(data.agencies.map((a) => a.licenseNumber));
		unique([...data.credentials, ...data.affiliations, ...data.vehicles].map((r) => r.id));
		for (const agency of data.agencies) unique(data.vehicles.filter((x) => x.agencyNumber === agency.number).map((x) => x.unitNumber));
	});

	it('gives every person an account, and only the demo logins are meant to have passwords', () => {
		const byEms = new Map(data.accounts.map((a) => [a.emsNumber, a]));
		for (const p of data.persons) expect(byEms.get(p.emsNumber)?.email).toBe(p.email);
		expect(data.accounts.filter((a) => a.role === 'office').map((a) => a.email)).toEqual(['office@example.org']);
	});

	it('looks like North Dakota', () => {
		for (const { mailingAddress } of data.persons) {
			expect(mailingAddress.state).toBe('ND');
			expect(Number(mailingAddress.zip.slice(0, 3))).toBeGreaterThanOrEqual(580);
			expect(Number(mailingAddress.zip.slice(0, 3))).toBeLessThanOrEqual(588);
		}
		const phones = [...data.persons.flatMap((p) => [p.mobilePhone, p.homePhone]), ...data.agencies.map((a) => a.phone)].filter((x) => x !== null);
		for (const phone of phones) expect(phone).toMatch(/^\+170155501\d\d$/);
		for (const email of data.accounts.map((a) => a.email)) expect(email).toMatch(/@example\.(com|net|org)$/);
	});

	it('structures agencies as North Dakota licenses them', () => {
		const byNumber = new Map(data.agencies.map((a) => [a.number, a]));
		const level = new Map(data.credentials.map((c) => [c.emsNumber, c.level]));
		for (const agency of data.agencies) {
			if (agency.type === 'als_substation') expect(byNumber.get(agency.parentNumber!)?.type).toBe('als_ground');
			const roster = data.affiliations.filter((a) => a.agencyNumber === agency.number && isCurrent(a, TODAY));
			expect(roster.some((a) => a.role === 'squad_leader'), `${agency.name} has a squad leader`).toBe(true);
			if (agency.type === 'quick_response_unit') {
				expect(roster.some((a) => level.get(a.emsNumber) === 'EMR'), `${agency.name} has an EMR`).toBe(true);
			}
		}
	});

	it('dates credentials on the North Dakota cycles with a realistic mix of statuses', () => {
		const shown = data.credentials.map((c) => displayStatus(c, TODAY));
		const share = (s: string) => shown.filter((x) => x === s).length / shown.length;
		expect(share('active')).toBeGreaterThan(0.7);
		expect(share('expiring')).toBeGreaterThan(0.01);
		expect(share('expired')).toBeGreaterThan(0.02);
		expect(share('pending')).toBeGreaterThan(0.005);

		const prefix = { EMR: 'EMR-', EMT: 'EMT-', AEMT: 'AEMT-', Paramedic: 'P-' } as const;
		for (const c of data.credentials) {
			expect(c.number.startsWith(prefix[c.level])).toBe(true);
			if (c.level !== 'EMR' && c.nremtExpiresOn) expect(c.nremtExpiresOn.slice(5)).toBe('03-31');
			if (c.level === 'EMR' && c.nremtExpiresOn) expect(c.nremtExpiresOn.slice(5)).toBe('09-30');
			// Off-cycle licences (the ones expiring soon) aside, cycles end on the state's dates.
			if (displayStatus(c, TODAY) !== 'expiring') expect(c.expiresOn.slice(5)).toBe(c.level === 'EMR' ? '06-30' : '03-31');
			if (c.level !== 'EMR' && c.status === 'active') expect(c.nremtNumber).not.toBeNull();
		}
	});
});

describe('loading the demo data', () => {
	let t: TestDatabase;
	let loadMs = 0;

	beforeAll(async () => {
		t = await createTestDatabase();
		const started = performance.now();
		expect(await loadDemoDataIfEmpty(t.db)).toBe(true);
		loadMs = performance.now() - started;
		console.info(`demo data loaded on ${t.dialect} in ${Math.round(loadMs)} ms`);
	});
	afterAll(async () => {
		await t.dispose();
	});

	it('stores every generated record', async () => {
		expect(await count(t.db, 'persons')).toBe(data.persons.length);
		expect(await count(t.db, 'credentials')).toBe(data.credentials.length);
		expect(await count(t.db, 'agencies')).toBe(data.agencies.length);
		expect(await count(t.db, 'affiliations')).toBe(data.affiliations.length);
		expect(await count(t.db, 'vehicles')).toBe(data.vehicles.length);
		expect(await count(t.db, 'accounts')).toBe(data.accounts.length);
	});

	it('gives every row its own revision and advances the counter past them', async () => {
		const tables = ['persons', 'credentials', 'agencies', 'affiliations', 'vehicles', 'ceEntries'] as const;
		const revisions: number[] = [];
		for (const table of tables) revisions.push(...(await t.db.selectFrom(table).select('revision').execute()).map((r) => Number(r.revision)));
		expect(new Set(revisions).size).toBe(revisions.length);
		const counter = await t.db.selectFrom('counters').select('value').where('name', '=', 'revision').executeTakeFirstOrThrow();
		expect(Math.max(...revisions)).toBe(Number(counter.value));
	});

	it('holds the fixed demo accounts as documented', async () => {
		const accounts = await t.db.selectFrom('accounts').selectAll().where('email', 'in', DEMO_LOGINS.map((l) => l.email)).execute();
		expect(accounts).toHaveLength(DEMO_LOGINS.length);
		for (const login of DEMO_LOGINS) {
			const account = accounts.find((a) => a.email === login.email)!;
			expect(account.role).toBe(login.role);
			expect(account.emsNumber).toBe(login.emsNumber);
			if (login.password === null) expect(account.passwordHash).toBeNull();
			else expect(await verifyPassword(account.passwordHash!, login.password)).toBe(true);
			if (login.emsNumber === null) continue;
			const credential = await t.db.selectFrom('credentials').selectAll().where('emsNumber', '=', login.emsNumber).executeTakeFirstOrThrow();
			expect(credential.level).toBe(login.level);
			expect(displayStatus({ status: credential.status as 'active', expiresOn: credential.expiresOn }, TODAY)).toBe('active');
		}
	});

	it('gives the first-time EMT a mobile phone to receive a code on', async () => {
		const person = await t.db.selectFrom('persons').selectAll().where('emsNumber', '=', '100001').executeTakeFirstOrThrow();
		expect(person.mobilePhone).toMatch(/^\+1701\d{7}$/);
		expect(person.email).toBe('new.emt@example.org');
	});

	it('makes 100003 the squad leader of a quick response unit', async () => {
		const rows = await t.db
			.selectFrom('affiliations')
			.innerJoin('agencies', 'agencies.number', 'affiliations.agencyNumber')
			.select(['agencies.type', 'affiliations.role', 'affiliations.endedOn'])
			.where('affiliations.emsNumber', '=', '100003')
			.execute();
		expect(rows).toContainEqual({ type: 'quick_response_unit', role: 'squad_leader', endedOn: null });
	});

	it('leaves every other account without a password, ready for first-time activation', async () => {
		const withPassword = await t.db.selectFrom('accounts').select('email').where('passwordHash', 'is not', null).execute();
		expect(withPassword.map((a) => a.email).sort()).toEqual(
			DEMO_LOGINS.filter((l) => l.password !== null)
				.map((l) => l.email)
				.sort()
		);
	});

	it('does nothing when called again', async () => {
		expect(await loadDemoDataIfEmpty(t.db)).toBe(false);
		expect(await count(t.db, 'persons')).toBe(data.persons.length);
		expect(await count(t.db, 'accounts')).toBe(data.accounts.length);
	});

	it('loads within the start-up budget', () => {
		// Generous against slow CI machines; the measured time is printed above.
		expect(loadMs).toBeLessThan(10_000);
	});
});

describe('two servers starting at once', () => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await createTestDatabase();
	});
	afterAll(async () => {
		await t.dispose();
	});

	it('load the demo exactly once', async () => {
		const results = await Promise.all([loadDemoDataIfEmpty(t.db, data), loadDemoDataIfEmpty(t.db, data)]);
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(await count(t.db, 'persons')).toBe(data.persons.length);
	});
});

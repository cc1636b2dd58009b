import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCsv, auditPage, csvLine, type AuditFilter } from '../../src/lib/server/office/audit-log';
import { auditFilterFrom } from '../../src/lib/server/office/audit-query';
import { addLicensee } from '../support/account-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
let person: Awaited<ReturnType<typeof addLicensee>>;
const none: AuditFilter = { person: '', agency: '', kind: '', from: '', to: '', before: '', after: '' };
const EVENTS = ['login_succeeded', 'login_failed', 'code_sent', 'request_approved', 'credential_suspended'];

beforeAll(async () => {
	t = await createTestDatabase();
	person = await addLicensee(t.db);
	// 240 events over 240 minutes on 2026-11-30; every 10th is the person's own sign-in, every 7th is about them.
	const rows = Array.from({ length: 240 }, (_, i) => ({
		id: `ev-${String(i).padStart(4, '0')}`,
		at: new Date(Date.parse('2026-11-30T00:00:00Z') + i * 60_000).toISOString(),
		event: EVENTS[i % EVENTS.length]!,
		accountId: i % 10 === 0 ? person.accountId : null,
		ip: '127.0.0.1',
		detail: i === 3 ? JSON.stringify({ note: '=HYPERLINK("x")' }) : null,
		emsNumber: i % 7 === 0 ? person.emsNumber : null,
		agencyNumber: i % 12 === 0 ? 'A0001' : null
	}));
	// Two events on the next day, for the date range.
	rows.push({ ...rows[1]!, id: 'ev-late-1', at: '2026-12-01T08:00:00.000Z' }, { ...rows[1]!, id: 'ev-late-2', at: '2026-12-01T08:00:00.000Z' });
	await t.db.insertInto('auditEvents').values(rows).execute();
});
afterAll(async () => t?.dispose());

describe('office audit log', () => {
	it('pages newest first by keyset, forwards and back, without repeating or losing a row', async () => {
		const seen: string[] = [];
		let page = await auditPage(t.db, none);
		expect(page.newer).toBeNull();
		expect(page.rows[0]!.id).toBe('ev-late-2');
		while (true) {
			seen.push(...page.rows.map((r) => r.id));
			if (!page.older) break;
			page = await auditPage(t.db, { ...none, before: page.older });
		}
		expect(seen).toHaveLength(242);
		expect(new Set(seen).size).toBe(242);
		expect(seen.at(-1)).toBe('ev-0000');
		// Back one page from the second.
		const second = await auditPage(t.db, { ...none, before: (await auditPage(t.db, none)).older! });
		const back = await auditPage(t.db, { ...none, after: second.newer! });
		expect(back.rows.map((r) => r.id)).toEqual((await auditPage(t.db, none)).rows.map((r) => r.id));
	});

	it('filters by person (their own events and those about them), agency, kind and date range', async () => {
		const byPerson = await auditPage(t.db, { ...none, person: person.emsNumber }, 500);
		const expected = Array.from({ length: 240 }, (_, i) => i).filter((i) => i % 10 === 0 || i % 7 === 0);
		expect(byPerson.rows.map((r) => r.id).sort()).toEqual(expected.map((i) => `ev-${String(i).padStart(4, '0')}`).sort());
		expect(byPerson.rows.find((r) => r.id === 'ev-0010')?.accountEmail).toBe(person.email);

		const byAgency = await auditPage(t.db, { ...none, agency: 'A0001' }, 500);
		expect(byAgency.rows).toHaveLength(20);
		const signIns = await auditPage(t.db, { ...none, kind: 'signin' }, 500);
		expect(new Set(signIns.rows.map((r) => r.event))).toEqual(new Set(['login_succeeded', 'login_failed']));
		expect(signIns.rows).toHaveLength(98);
		const personSignIns = await auditPage(t.db, { ...none, person: person.emsNumber, kind: 'signin' }, 500);
		expect(personSignIns.rows.every((r) => r.event.startsWith('login_'))).toBe(true);
		const dec1 = await auditPage(t.db, { ...none, from: '2026-12-01', to: '2026-12-01' });
		expect(dec1.rows.map((r) => r.id)).toEqual(['ev-late-2', 'ev-late-1']);
	});

	it('refuses bad filters with a sentence per field', () => {
		const { filter, errors } = auditFilterFrom(new URL('http://x/?person=abc&kind=nope&from=2026-13-40'));
		expect(filter).toBeNull();
		expect(Object.keys(errors).sort()).toEqual(['from', 'kind', 'person']);
		expect(auditFilterFrom(new URL('http://x/?from=2026-12-02&to=2026-12-01')).errors.to).toContain('before');
	});

	it('exports the filtered log as CSV, every page, with spreadsheet formulas defused', async () => {
		const text = await new Response(auditCsv(t.db, none)).text();
		const lines = text.trim().split('\n');
		expect(lines[0]).toBe('time,event,account,ems_number,agency_number,address,detail');
		expect(lines).toHaveLength(243);
		expect(lines.find((l) => l.includes('HYPERLINK'))).toContain('"{""note"":""=HYPERLINK(\\""x\\"")""}"');
		// A cell that a spreadsheet would run as a formula is kept as text.
		const row = { id: 'x', at: 't', event: 'login_failed', accountEmail: '=HYPERLINK("evil")', emsNumber: null, agencyNumber: null, ip: '+1', detail: null };
		expect(csvLine(row)).toBe(`t,login_failed,"'=HYPERLINK(""evil"")",,,'+1,\n`);
		const agency = await new Response(auditCsv(t.db, { ...none, agency: 'A0001' })).text();
		expect(agency.trim().split('\n')).toHaveLength(21);
	});
});

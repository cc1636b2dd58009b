import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvText } from '../../src/lib/client/csv-export';
import { decide } from '../../src/lib/domain/permissions';
import { ADDITION_REQUESTED, LAST_LEADER, endDateError, type RosterFacts } from '../../src/lib/domain/roster';
import { buildRoster, filterRoster, rosterCsvRecords, sortRoster, type RosterMembership } from '../../src/lib/domain/roster-view';
import type { SessionUser } from '../../src/lib/domain/session-user';

const today = '2026-12-02';
const leader: SessionUser = { accountId: 'acc-1', role: 'licensee', emsNumber: '100003', email: 'l@example.org', leaderOf: ['A0100'] };
const member: SessionUser = { ...leader, accountId: 'acc-2', emsNumber: '200001', leaderOf: [] };
const addition = { id: '6edd3b95-30ab-4a2d-a4d5-6ed5d72a0a3e', agencyNumber: 'A0100', emsNumber: '100001', role: 'member', startedOn: today, endedOn: null };
const facts = (over: Partial<RosterFacts> = {}): RosterFacts => ({ today, person: { name: 'Jordan Halvorson', level: 'EMT' }, alreadyCurrent: false, additionWaiting: false, ...over });
const insert = (user: SessionUser, roster?: RosterFacts, changes: Record<string, unknown> = addition) => decide(user, { table: 'affiliations', op: 'insert', existing: null, changes, roster });
const membership = { id: 'm1', emsNumber: '200001', agencyNumber: 'A0100', role: 'squad_leader', startedOn: '2020-01-01', endedOn: null };
const update = (changes: Record<string, unknown>, roster: RosterFacts, user = leader) =>
	decide(user, { table: 'affiliations', op: 'update', existing: membership, changes, roster });

describe('adding a member', () => {
	it('adds an EMR or EMT at once and sends an AEMT or Paramedic to the office', () => {
		expect(insert(leader, facts())).toEqual({ kind: 'allow' });
		expect(insert(leader, facts({ person: { name: 'A', level: 'EMR' } }))).toEqual({ kind: 'allow' });
		for (const level of ['AEMT', 'Paramedic'] as const)
			expect(insert(leader, facts({ person: { name: 'A', level } }))).toEqual({ kind: 'request', request: 'member_addition', message: ADDITION_REQUESTED });
		// Nobody can tell what someone with no credential may do: the office decides.
		expect(insert(leader, facts({ person: { name: 'A', level: null } }))).toMatchObject({ kind: 'request' });
	});

	it('refuses an unknown number, a current member, a waiting addition and another agency, with sentences at the field', () => {
		expect(insert(leader, facts({ person: null }))).toEqual({ kind: 'deny', field: 'emsNumber', reason: 'No one in the registry has ND EMS # 100001. Check the number and try again.' });
		expect(insert(leader, facts({ alreadyCurrent: true }))).toEqual({ kind: 'deny', field: 'emsNumber', reason: 'Jordan Halvorson is already a current member of this agency.' });
		expect(insert(leader, facts({ additionWaiting: true }))).toMatchObject({ kind: 'deny', field: 'emsNumber' });
		expect(insert(leader, facts(), { ...addition, agencyNumber: 'A0200' })).toEqual({ kind: 'deny', reason: 'Only a squad leader of this agency can add members to its roster.' });
		expect(insert(member, facts())).toMatchObject({ kind: 'deny' });
		expect(insert(leader, facts(), { ...addition, role: 'squad_leader' })).toMatchObject({ kind: 'deny' });
		expect(insert(leader, undefined)).toMatchObject({ kind: 'deny' });
	});
});

describe('changing a membership', () => {
	it('never leaves the agency without a current squad leader', () => {
		expect(update({ role: 'member' }, { today, otherLeaders: 0 })).toEqual({ kind: 'deny', reason: LAST_LEADER, field: 'role' });
		expect(update({ endedOn: today }, { today, otherLeaders: 0 })).toEqual({ kind: 'deny', reason: LAST_LEADER, field: 'endedOn' });
		expect(update({ role: 'member' }, { today, otherLeaders: 1 })).toEqual({ kind: 'allow' });
		expect(update({ endedOn: today }, { today, otherLeaders: 1 })).toEqual({ kind: 'allow' });
	});

	it('takes end dates up to 30 days ahead and refuses a plain member', () => {
		expect(update({ endedOn: '2027-01-01' }, { today, otherLeaders: 1 })).toEqual({ kind: 'allow' });
		expect(update({ endedOn: '2027-01-02' }, { today, otherLeaders: 1 })).toEqual({ kind: 'deny', field: 'endedOn', reason: 'End date can be at most 30 days from today.' });
		expect(update({ endedOn: today }, { today, otherLeaders: 1 }, member)).toMatchObject({ kind: 'deny' });
		expect(update({ startedOn: '2019-01-01' }, { today, otherLeaders: 1 })).toMatchObject({ kind: 'deny' });
	});

	it('words the end-date rules', () => {
		expect(endDateError('2019-12-31', '2020-01-01', today)).toBe('End date cannot be before the start date.');
		expect(endDateError(today, '2020-01-01', today)).toBeNull();
	});
});

describe('the roster view', () => {
	const persons = new Map(
		Array.from({ length: 2000 }, (_, i) => {
			const ems = String(300000 + i);
			return [ems, { emsNumber: ems, firstName: `First${i}`, middleName: null, lastName: `Last${String(i).padStart(4, '0')}`, suffix: null }] as const;
		})
	);
	const levels = ['EMR', 'EMT', 'AEMT', 'Paramedic'];
	const credentials = new Map(
		[...persons.keys()].map((ems, i) => [ems, [{ emsNumber: ems, level: levels[i % 4]!, number: `L-${i}`, status: 'active', issuedOn: '2024-01-01', expiresOn: i % 10 === 0 ? '2027-01-15' : '2028-03-31', nremtNumber: null, nremtExpiresOn: null }]])
	);
	const memberships: RosterMembership[] = [...persons.keys()].map((ems, i) => ({
		id: `m-${i}`,
		emsNumber: ems,
		agencyNumber: 'A0001',
		role: i < 6 ? 'squad_leader' : 'member',
		startedOn: '2020-01-01',
		endedOn: i >= 1990 ? '2025-06-30' : null,
		revision: 1
	}));
	const roster = buildRoster({ agencyNumber: 'A0001', memberships, persons, credentials, requests: [], queued: [], today });

	it('splits current and former members, and words expiry within 90 days', () => {
		expect(roster.current).toHaveLength(1990);
		expect(roster.former).toHaveLength(10);
		expect(roster.current.find((r) => r.emsNumber === '300010')).toMatchObject({ status: 'expiring', statusLabel: 'Expiring within 90 days', level: 'AEMT' });
	});

	it('searches 2,000 members by name or number well inside 50 ms, with level and status filters', () => {
		const started = performance.now();
		const hits = filterRoster(roster.current, { query: 'last012', level: '', status: '' });
		expect(performance.now() - started).toBeLessThan(50);
		expect(hits.map((r) => r.emsNumber)).toEqual(Array.from({ length: 10 }, (_, i) => String(300120 + i)));
		expect(filterRoster(roster.current, { query: '300005', level: '', status: '' })).toHaveLength(1);
		expect(filterRoster(roster.current, { query: '', level: 'Paramedic', status: 'attention' }).every((r) => r.level === 'Paramedic' && r.status === 'expiring')).toBe(true);
	});

	it('sorts by any column, ties by name', () => {
		const byLevel = sortRoster(roster.current, 'level', 'desc');
		expect(byLevel[0]!.level).toBe('Paramedic');
		expect(byLevel.at(-1)!.level).toBe('EMR');
		expect(sortRoster(roster.current, 'emsNumber', 'desc')[0]!.emsNumber).toBe('301989');
	});

	it('shows additions the office holds as waiting, returned ones with the note, and approved ones not at all', () => {
		const local = { id: 'new-1', emsNumber: '100002', agencyNumber: 'A0001', role: 'member', startedOn: today, endedOn: null, revision: 0 };
		const request = { id: 'r1', table: 'affiliations', recordId: 'new-1', changes: { agencyNumber: 'A0001', emsNumber: '100002' }, at: today };
		const waiting = buildRoster({ agencyNumber: 'A0001', memberships: [local], persons: new Map(), credentials: new Map(), requests: [request], queued: [], today });
		expect(waiting.current).toEqual([]);
		expect(waiting.waiting).toEqual([expect.objectContaining({ emsNumber: '100002', state: 'pending', text: 'Waiting for the state EMS office' })]);
		const returned = buildRoster({ agencyNumber: 'A0001', memberships: [], persons: new Map(), credentials: new Map(), requests: [{ ...request, status: 'rejected', decisionNote: 'No current ALS license.' }], queued: [], today });
		expect(returned.waiting[0]!.text).toBe('Returned by the state EMS office: No current ALS license.');
		const approved = buildRoster({ agencyNumber: 'A0001', memberships: [{ ...local, revision: 9 }], persons: new Map(), credentials: new Map(), requests: [{ ...request, status: 'approved' }], queued: [], today });
		expect(approved.waiting).toEqual([]);
		expect(approved.current).toHaveLength(1);
	});

	it('exports the filtered list as CSV with quoting a spreadsheet reads', () => {
		const rows = filterRoster(roster.current, { query: 'last0001', level: '', status: '' });
		const text = csvText(stringify, rosterCsvRecords([{ ...rows[0]!, name: 'O"Brien, Pat' }, { ...rows[0]!, name: '=HYPERLINK("x")' }]));
		const lines = text.slice(1).split('\r\n');
		expect(text.startsWith('\ufeff')).toBe(true);
		expect(lines[0]).toBe('Name,ND EMS #,Level,License number,Expiration,Status,Role,Start date,End date');
		expect(lines[1]).toBe('"O""Brien, Pat",300001,EMT,L-1,2028-03-31,Active,Squad leader,2020-01-01,');
		expect(lines[2]!.startsWith(`"'=HYPERLINK`)).toBe(true);
	});
});

import type { Kysely } from 'kysely';
import { IMPORT_REASONS, type ImportKind, type ImportRecord, type RowProblem } from '../../domain/import-files';
import type { Db } from '../db';
import { newId } from '../auth/secrets';
import { changedFields, insertRows, writeRecords, type RecordUpdate, type SyncedImportTable } from './record-writes';

type Row = Record<string, unknown>;

/** What became of one line: the outcome the report counts, or why it cannot be imported. */
export type LineOutcome = 'created' | 'updated' | 'unchanged' | RowProblem;

export interface PendingLine {
	line: number;
	record: ImportRecord;
}

/** What the lines of one import share while it runs: the keys it has seen and the agencies that exist. */
export interface ImportState {
	now: string;
	/** Agency numbers and ND EMS #s on any line of the import, valid or not: a roster line may name them. */
	seenAgencies: Set<string>;
	seenPersons: Set<string>;
	/** Agencies in the database (found, or written by this import): a substation is written after its parent. */
	agenciesInDb: Set<string>;
	/** Agency rows waiting for their parent, written at the end of the agencies files. */
	deferredAgencies: { insert: Row | null; update: RecordUpdate | null; parent: string }[];
}

export interface ClassifiedBatch {
	outcomes: LineOutcome[];
	/** Writes the batch's new and changed rows; called only while the import has no rejected line. */
	write(trx: Db): Promise<void>;
}

const anyDb = (db: Db) => db as unknown as Kysely<Record<string, Row>>;

async function rowsWhere(db: Db, table: string, column: string, values: readonly string[]): Promise<Row[]> {
	const unique = [...new Set(values)];
	if (unique.length === 0) return [];
	return anyDb(db).selectFrom(table).selectAll().where(column, 'in', unique).execute();
}

const byKey = (rows: Row[], key: (r: Row) => string) => {
	const map = new Map<string, Row>();
	for (const r of rows) if (!map.has(key(r))) map.set(key(r), r);
	return map;
};

/** Sorts a line's record into insert, update or nothing against the row the database holds. */
function compare(existing: Row | undefined, incoming: Row): { outcome: 'created' | 'updated' | 'unchanged'; changes: Row } {
	if (!existing) return { outcome: 'created', changes: incoming };
	const changes = changedFields(existing, incoming);
	if (existing.deletedAt != null) return { outcome: 'updated', changes };
	return { outcome: Object.keys(changes).length ? 'updated' : 'unchanged', changes };
}

/** Agencies named by a line that are neither in this import nor (one query) in the database. */
async function missingAgencies(db: Db, state: ImportState, numbers: readonly string[]): Promise<Set<string>> {
	const unknown = [...new Set(numbers)].filter((n) => !state.seenAgencies.has(n) && !state.agenciesInDb.has(n));
	const found = await rowsWhere(db, 'agencies', 'number', unknown);
	for (const r of found) state.agenciesInDb.add(String(r.number));
	return new Set(unknown.filter((n) => !state.agenciesInDb.has(n)));
}

export async function classifyAgencies(db: Db, state: ImportState, lines: readonly PendingLine[]): Promise<ClassifiedBatch> {
	const agencies = lines.map((l) => (l.record as Extract<ImportRecord, { kind: 'agencies' }>).agency);
	const existing = byKey(await rowsWhere(db, 'agencies', 'number', agencies.map((a) => String(a.number))), (r) => String(r.number));
	for (const n of existing.keys()) state.agenciesInDb.add(n);
	const licenses = byKey(await rowsWhere(db, 'agencies', 'licenseNumber', agencies.map((a) => String(a.licenseNumber))), (r) => String(r.licenseNumber));
	const missing = await missingAgencies(db, state, agencies.flatMap((a) => (a.parentNumber ? [String(a.parentNumber)] : [])));
	const inserts: Row[] = [];
	const updates: RecordUpdate[] = [];
	const outcomes = agencies.map((agency): LineOutcome => {
		const number = String(agency.number);
		const holder = licenses.get(String(agency.licenseNumber));
		if (holder && holder.number !== number) return { column: 'license_number', reason: IMPORT_REASONS.agencyLicenseTaken(String(agency.licenseNumber), String(holder.number)) };
		if (agency.parentNumber && missing.has(String(agency.parentNumber))) return { column: 'parent_number', reason: IMPORT_REASONS.unknownAgency(String(agency.parentNumber)) };
		const { outcome, changes } = compare(existing.get(number), agency);
		if (outcome === 'created') inserts.push(agency);
		else if (outcome === 'updated') updates.push({ key: 'number', id: number, changes, existing: existing.get(number)! });
		return outcome;
	});
	return {
		outcomes,
		async write(trx) {
			// A substation's parent must be written first (foreign key): one whose parent is not in yet waits.
			const ready = (parent: unknown) => parent == null || state.agenciesInDb.has(String(parent));
			const nowInserts: Row[] = [];
			for (const a of inserts) {
				if (ready(a.parentNumber)) nowInserts.push(a);
				else state.deferredAgencies.push({ insert: a, update: null, parent: String(a.parentNumber) });
			}
			const nowUpdates: RecordUpdate[] = [];
			for (const u of updates) {
				const parent = 'parentNumber' in u.changes ? u.changes.parentNumber : null;
				if (ready(parent)) nowUpdates.push(u);
				else state.deferredAgencies.push({ insert: null, update: u, parent: String(parent) });
			}
			await writeRecords(trx, 'agencies', nowInserts, nowUpdates, state.now);
			for (const a of nowInserts) state.agenciesInDb.add(String(a.number));
		}
	};
}

/** Writes the agencies that waited for their parent, parents first. */
export async function writeDeferredAgencies(trx: Db, state: ImportState): Promise<void> {
	let waiting = state.deferredAgencies;
	state.deferredAgencies = [];
	while (waiting.length) {
		const ready = waiting.filter((w) => state.agenciesInDb.has(w.parent));
		// A cycle of parents cannot be ordered; writing it anyway lets the database name the problem.
		const batch = ready.length ? ready : waiting;
		waiting = ready.length ? waiting.filter((w) => !ready.includes(w)) : [];
		const inserts = batch.flatMap((w) => (w.insert ? [w.insert] : []));
		await writeRecords(trx, 'agencies', inserts, batch.flatMap((w) => (w.update ? [w.update] : [])), state.now);
		for (const a of inserts) state.agenciesInDb.add(String(a.number));
	}
}

export async function classifyPersonnel(db: Db, state: ImportState, lines: readonly PendingLine[]): Promise<ClassifiedBatch> {
	const records = lines.map((l) => l.record as Extract<ImportRecord, { kind: 'personnel' }>);
	const emsNumbers = records.map((r) => String(r.person.emsNumber));
	const emails = records.map((r) => String(r.person.email));
	const persons = byKey(await rowsWhere(db, 'persons', 'emsNumber', emsNumbers), (r) => String(r.emsNumber));
	const credentials = byKey(await rowsWhere(db, 'credentials', 'number', records.map((r) => String(r.credential.number))), (r) => String(r.number));
	const accounts = byKey(await rowsWhere(db, 'accounts', 'emsNumber', emsNumbers), (r) => String(r.emsNumber));
	// Who else holds each address: another person's record, or any account (office staff have no record).
	const emailHolders = new Map<string, Set<string>>();
	const holds = (email: string, who: string) => (emailHolders.get(email) ?? emailHolders.set(email, new Set()).get(email)!).add(who);
	for (const p of await rowsWhere(db, 'persons', 'email', emails)) holds(String(p.email), String(p.emsNumber));
	for (const a of await rowsWhere(db, 'accounts', 'email', emails)) holds(String(a.email), a.emsNumber == null ? `account:${String(a.id)}` : String(a.emsNumber));

	const inserts = { persons: [] as Row[], credentials: [] as Row[], accounts: [] as Row[] };
	const updates = { persons: [] as RecordUpdate[], credentials: [] as RecordUpdate[], accountEmails: [] as { id: string; email: string }[] };
	const outcomes = records.map(({ person, credential }): LineOutcome => {
		const ems = String(person.emsNumber);
		const email = String(person.email);
		if ([...(emailHolders.get(email) ?? [])].some((who) => who !== ems)) return { column: 'email', reason: IMPORT_REASONS.emailTaken(email) };
		const held = credentials.get(String(credential.number));
		if (held && held.emsNumber !== ems) return { column: 'license_number', reason: IMPORT_REASONS.licenseTaken(String(credential.number), String(held.emsNumber)) };
		const account = accounts.get(ems);
		const emailMoves = account !== undefined && account.email !== email;
		// An activated account's address is where its codes go: only its own inbox may move it (decision 019).
		if (emailMoves && account.passwordHash != null) return { column: 'email', reason: IMPORT_REASONS.activatedEmail };

		const p = compare(persons.get(ems), person);
		const c = compare(held, credential);
		if (p.outcome === 'created') inserts.persons.push(person);
		else if (p.outcome === 'updated') updates.persons.push({ key: 'emsNumber', id: ems, changes: p.changes, existing: persons.get(ems)! });
		if (c.outcome === 'created') inserts.credentials.push({ id: newId(), ...credential });
		else if (c.outcome === 'updated') updates.credentials.push({ key: 'id', id: String(held!.id), changes: c.changes, existing: held! });
		// Every imported person can activate an account through Forgot Password: the account starts without a password.
		if (!account) inserts.accounts.push({ id: newId(), emsNumber: ems, email, role: 'licensee', passwordHash: null, createdAt: state.now, passwordChangedAt: null });
		else if (emailMoves) updates.accountEmails.push({ id: String(account.id), email });
		if (p.outcome === 'created') return 'created';
		return p.outcome === 'updated' || c.outcome !== 'unchanged' || !account || emailMoves ? 'updated' : 'unchanged';
	});
	return {
		outcomes,
		async write(trx) {
			await writeRecords(trx, 'persons', inserts.persons, updates.persons, state.now);
			await writeRecords(trx, 'credentials', inserts.credentials, updates.credentials, state.now);
			// Accounts are not synced rows; the person row's revision above is what devices see.
			await insertRows(trx, 'accounts', inserts.accounts);
			for (const a of updates.accountEmails) await trx.updateTable('accounts').set({ email: a.email }).where('id', '=', a.id).execute();
		}
	};
}

async function missingPersons(db: Db, state: ImportState, emsNumbers: readonly string[]): Promise<Set<string>> {
	const unknown = [...new Set(emsNumbers)].filter((n) => !state.seenPersons.has(n));
	const found = new Set((await rowsWhere(db, 'persons', 'emsNumber', unknown)).map((r) => String(r.emsNumber)));
	return new Set(unknown.filter((n) => !found.has(n)));
}

const affiliationKey = (a: Row) => `${String(a.emsNumber)}|${String(a.agencyNumber)}|${String(a.startedOn)}`;

export async function classifyAffiliations(db: Db, state: ImportState, lines: readonly PendingLine[]): Promise<ClassifiedBatch> {
	const rows = lines.map((l) => (l.record as Extract<ImportRecord, { kind: 'affiliations' }>).affiliation);
	const noAgency = await missingAgencies(db, state, rows.map((a) => String(a.agencyNumber)));
	const noPerson = await missingPersons(db, state, rows.map((a) => String(a.emsNumber)));
	const existing = byKey(await rowsWhere(db, 'affiliations', 'emsNumber', rows.map((a) => String(a.emsNumber))), affiliationKey);
	const inserts: Row[] = [];
	const updates: RecordUpdate[] = [];
	const outcomes = rows.map((a): LineOutcome => {
		if (noAgency.has(String(a.agencyNumber))) return { column: 'agency_number', reason: IMPORT_REASONS.unknownAgency(String(a.agencyNumber)) };
		if (noPerson.has(String(a.emsNumber))) return { column: 'ems_number', reason: IMPORT_REASONS.unknownPerson(String(a.emsNumber)) };
		const found = existing.get(affiliationKey(a));
		const { outcome, changes } = compare(found, a);
		if (outcome === 'created') inserts.push({ id: newId(), ...a });
		else if (outcome === 'updated') updates.push({ key: 'id', id: String(found!.id), changes, existing: found! });
		return outcome;
	});
	return { outcomes, write: (trx) => writeRecords(trx, 'affiliations', inserts, updates, state.now) };
}

const vehicleKey = (v: Row) => `${String(v.agencyNumber)}|${String(v.unitNumber).toUpperCase()}`;

export async function classifyVehicles(db: Db, state: ImportState, lines: readonly PendingLine[]): Promise<ClassifiedBatch> {
	const rows = lines.map((l) => (l.record as Extract<ImportRecord, { kind: 'vehicles' }>).vehicle);
	const noAgency = await missingAgencies(db, state, rows.map((v) => String(v.agencyNumber)));
	const existing = byKey(await rowsWhere(db, 'vehicles', 'agencyNumber', rows.map((v) => String(v.agencyNumber))), vehicleKey);
	const inserts: Row[] = [];
	const updates: RecordUpdate[] = [];
	const outcomes = rows.map((v): LineOutcome => {
		if (noAgency.has(String(v.agencyNumber))) return { column: 'agency_number', reason: IMPORT_REASONS.unknownAgency(String(v.agencyNumber)) };
		const found = existing.get(vehicleKey(v));
		const { outcome, changes } = compare(found, v);
		if (outcome === 'created') inserts.push({ id: newId(), ...v });
		else if (outcome === 'updated') updates.push({ key: 'id', id: String(found!.id), changes, existing: found! });
		return outcome;
	});
	return { outcomes, write: (trx) => writeRecords(trx, 'vehicles', inserts, updates, state.now) };
}

export const CLASSIFY: Record<ImportKind, (db: Db, state: ImportState, lines: readonly PendingLine[]) => Promise<ClassifiedBatch>> = {
	agencies: classifyAgencies,
	personnel: classifyPersonnel,
	affiliations: classifyAffiliations,
	vehicles: classifyVehicles
};

/** The keys a line may not share with another line of the import, each with how the duplicate is named. */
export function uniqueKeys(record: ImportRecord): [key: string, what: string, column: string][] {
	switch (record.kind) {
		case 'agencies':
			return [
				[`agency:${String(record.agency.number)}`, `Agency ${String(record.agency.number)}`, 'number'],
				[`agency-license:${String(record.agency.licenseNumber)}`, `Agency license number ${String(record.agency.licenseNumber)}`, 'license_number']
			];
		case 'personnel':
			return [
				[`person:${String(record.person.emsNumber)}`, `ND EMS # ${String(record.person.emsNumber)}`, 'ems_number'],
				[`email:${String(record.person.email)}`, `The email address ${String(record.person.email)}`, 'email'],
				[`license:${String(record.credential.number)}`, `License number ${String(record.credential.number)}`, 'license_number']
			];
		case 'affiliations':
			return [[`affiliation:${affiliationKey(record.affiliation)}`, `ND EMS # ${String(record.affiliation.emsNumber)} at agency ${String(record.affiliation.agencyNumber)} from ${String(record.affiliation.startedOn)}`, 'ems_number']];
		case 'vehicles':
			return [
				[`vehicle:${vehicleKey(record.vehicle)}`, `Unit ${String(record.vehicle.unitNumber)} of agency ${String(record.vehicle.agencyNumber)}`, 'unit_number'],
				[`vin:${String(record.vehicle.vin)}`, `VIN ${String(record.vehicle.vin)}`, 'vin']
			];
	}
}

export type { SyncedImportTable };

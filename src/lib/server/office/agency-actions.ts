import { AGENCY_FACT_FIELDS, type AgencyFacts } from '../../domain/agency-office-forms';
import { renewedAgencyExpiration } from '../../domain/agency-license-cycle';
import type { AgencyLicenseForPrint } from '../../domain/license-for-print';
import { fieldChange, parseFieldRevisions, sameValue, stampFieldRevisions } from '../../domain/sync-conflicts';
import { FIELD_LABELS } from '../../domain/sync-tables';
import type { Db } from '../db';
import { lockRevisions, nextRevision } from '../db/revision';
import { audit, type AuditEvent } from '../auth/audit';
import { signedAgencyLicenseFor } from '../credentials/signed-license';
import type { LicensingContext } from './licensing-actions';
import { OFFICE_CLIENT_ID } from './review-kinds';

/**
 * The office's actions on an agency (issue 13): edit its facts, renew its license, grant or remove the
 * squad-leader role. Each is one transaction under the revision lock, like a push and the licensing actions: the
 * row gets a new revision (so squad leaders' devices pull it, and the pull signs the agency license afresh),
 * field_revisions are stamped with the office's client id (a device's older edit of the same field conflicts),
 * and the audit row is written. A refusal is a sentence, audited as `office_refused`.
 */
export type AgencyAction =
	| { action: 'edit'; agencyNumber: string; baseRevision: number; facts: AgencyFacts }
	| { action: 'renew'; agencyNumber: string; expiresOn: string }
	| { action: 'grant' | 'remove'; agencyNumber: string; emsNumber: string };

/** Who acts, from where, when, and the key that re-signs (the same as a licensing action's). */
export type AgencyActionContext = LicensingContext;

export type AgencyActionResult =
	| { ok: true; message: string; signed: AgencyLicenseForPrint | null }
	| { ok: false; reason: string; field?: string };

const EVENTS: Record<AgencyAction['action'], AuditEvent> = {
	edit: 'agency_edited',
	renew: 'agency_license_renewed',
	grant: 'squad_leader_granted',
	remove: 'squad_leader_removed'
};

class Refusal extends Error {
	constructor(
		readonly reason: string,
		readonly field?: string
	) {
		super(reason);
	}
}

export const NO_SUCH_AGENCY = 'There is no such agency in the registry.';

const label = (field: string) => FIELD_LABELS.agencies[field] ?? field;
const list = (xs: string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

export async function applyAgencyAction(db: Db, input: AgencyAction, ctx: AgencyActionContext): Promise<AgencyActionResult> {
	const now = ctx.now ?? new Date();
	const at = now.toISOString();
	const today = at.slice(0, 10);
	try {
		const done = await db.transaction().execute(async (trx) => {
			await lockRevisions(trx);
			const agency = await trx.selectFrom('agencies').selectAll().where('number', '=', input.agencyNumber).where('deletedAt', 'is', null).executeTakeFirst();
			if (!agency) throw new Refusal(NO_SUCH_AGENCY);
			const revision = await nextRevision(trx);
			let message: string;
			let detail: Record<string, string> = {};
			let emsNumber: string | null = null;

			const writeAgency = async (set: Record<string, string | null>) => {
				const stamp = stampFieldRevisions(parseFieldRevisions(agency.fieldRevisions), Number(agency.revision), Object.keys(set), revision, OFFICE_CLIENT_ID);
				await trx
					.updateTable('agencies')
					.set({ ...set, revision, updatedAt: at, fieldRevisions: JSON.stringify(stamp) })
					.where('number', '=', agency.number)
					.execute();
			};

			switch (input.action) {
				case 'edit': {
					const current = agency as unknown as Record<string, unknown>;
					const facts = input.facts as unknown as Record<string, string | null>;
					const changed = AGENCY_FACT_FIELDS.filter((f) => !sameValue(current[f], facts[f]));
					if (changed.length === 0) throw new Refusal('Nothing was changed: the form holds the facts already on the record.');
					// A field changed by anyone (another office staff member, a squad leader's device) after the form
					// was filled is not overwritten: the staff member sees the new value and decides again.
					const map = parseFieldRevisions(agency.fieldRevisions);
					const stale = changed.filter((f) => fieldChange(map, Number(agency.revision), f).revision > input.baseRevision);
					if (stale.length) {
						throw new Refusal(
							`Since you opened this page, ${list(stale.map(label))} changed (by another staff member or a squad leader). Nothing was saved: check the current facts and save again.`
						);
					}
					if (facts.parentNumber) {
						const parent = await trx.selectFrom('agencies').select(['type', 'deletedAt']).where('number', '=', facts.parentNumber).executeTakeFirst();
						if (!parent || parent.deletedAt || parent.type !== 'als_ground' || facts.parentNumber === agency.number)
							throw new Refusal(`${facts.parentNumber} is not an ALS ground ambulance service in the registry.`, 'parentNumber');
					}
					await writeAgency(Object.fromEntries(changed.map((f) => [f, facts[f] ?? null])));
					message = `Saved: ${list(changed.map(label))}.`;
					detail = { fields: changed.join(',') };
					break;
				}
				case 'renew': {
					if (agency.licenseExpiresOn !== input.expiresOn) {
						throw new Refusal(
							`This license was already renewed while you had the page open: it now expires ${agency.licenseExpiresOn}. Nothing was changed.`
						);
					}
					const expiresOn = renewedAgencyExpiration(agency.licenseExpiresOn, today);
					await trx
						.insertInto('agencyLicenseHistory')
						.values({ id: crypto.randomUUID(), agencyNumber: agency.number, licenseNumber: agency.licenseNumber, expiresOn: agency.licenseExpiresOn, replacedAt: at, replacedBy: ctx.staffAccountId })
						.execute();
					await writeAgency({ licenseExpiresOn: expiresOn });
					message = `${agency.licenseNumber} is renewed to ${expiresOn}.`;
					detail = { licenseNumber: agency.licenseNumber, from: agency.licenseExpiresOn, to: expiresOn };
					break;
				}
				case 'grant':
				case 'remove': {
					emsNumber = input.emsNumber;
					const person = await trx.selectFrom('persons').select(['firstName', 'lastName', 'deletedAt']).where('emsNumber', '=', input.emsNumber).executeTakeFirst();
					if (!person || person.deletedAt) throw new Refusal(`No one in the registry has ND EMS # ${input.emsNumber}.`, 'emsNumber');
					const name = `${person.firstName} ${person.lastName}`;
					const memberships = await trx
						.selectFrom('affiliations')
						.selectAll()
						.where('agencyNumber', '=', agency.number)
						.where('emsNumber', '=', input.emsNumber)
						.where('deletedAt', 'is', null)
						.where((eb) => eb.or([eb('endedOn', 'is', null), eb('endedOn', '>=', today)]))
						.execute();
					const leading = memberships.find((m) => m.role === 'squad_leader');
					if (input.action === 'grant') {
						if (leading) throw new Refusal(`${name} is already a squad leader of ${agency.name}.`, 'emsNumber');
						const member = memberships[0];
						if (member) {
							const stamp = stampFieldRevisions(parseFieldRevisions(member.fieldRevisions), Number(member.revision), ['role'], revision, OFFICE_CLIENT_ID);
							await trx.updateTable('affiliations').set({ role: 'squad_leader', revision, updatedAt: at, fieldRevisions: JSON.stringify(stamp) }).where('id', '=', member.id).execute();
							detail = { affiliationId: member.id, joined: 'no' };
						} else {
							// Not a member yet: the office makes them one, as squad leader, from today.
							const id = crypto.randomUUID();
							const fields = { emsNumber: input.emsNumber, agencyNumber: agency.number, role: 'squad_leader', startedOn: today, endedOn: null };
							const stamp: Record<string, unknown> = { '*': revision };
							for (const f of Object.keys(fields)) stamp[f] = [revision, OFFICE_CLIENT_ID];
							await trx.insertInto('affiliations').values({ id, ...fields, revision, updatedAt: at, deletedAt: null, fieldRevisions: JSON.stringify(stamp) }).execute();
							detail = { affiliationId: id, joined: 'yes' };
						}
						message = `${name} is now a squad leader of ${agency.name}.${memberships.length ? '' : ' They were added as a member from today.'}`;
					} else {
						if (!leading) throw new Refusal(`${name} is not a squad leader of ${agency.name}.`, 'emsNumber');
						const stamp = stampFieldRevisions(parseFieldRevisions(leading.fieldRevisions), Number(leading.revision), ['role'], revision, OFFICE_CLIENT_ID);
						await trx.updateTable('affiliations').set({ role: 'member', revision, updatedAt: at, fieldRevisions: JSON.stringify(stamp) }).where('id', '=', leading.id).execute();
						detail = { affiliationId: leading.id };
						message = `${name} is no longer a squad leader of ${agency.name}; they stay a member.`;
					}
					// The agency row moves too, so a leader's device that starts over (its scope changed) and one that
					// did not both hold the agency's current state, and its license is signed again on that pull.
					await writeAgency({});
					break;
				}
			}
			await audit(trx, { event: EVENTS[input.action], accountId: ctx.staffAccountId, ip: ctx.ip, agencyNumber: agency.number, emsNumber, detail }, now);
			return { message };
		});
		const signed = ctx.signing ? await signedAgencyLicenseFor(db, ctx.signing.key, input.agencyNumber, ctx.signing.origin, now) : null;
		return { ok: true, message: done.message, signed };
	} catch (e) {
		if (!(e instanceof Refusal)) throw e;
		await audit(db, {
			event: 'office_refused',
			accountId: ctx.staffAccountId,
			ip: ctx.ip,
			agencyNumber: input.agencyNumber.slice(0, 20),
			emsNumber: 'emsNumber' in input ? input.emsNumber.slice(0, 20) : null,
			detail: { action: `agency_${input.action}`, why: e.reason.slice(0, 200) }
		});
		return { ok: false, reason: e.reason, field: e.field };
	}
}

/** What the office's agency page shows: the record, its license history, its current squad leaders and members. */
export async function agencyRecord(db: Db, number: string, now = new Date()) {
	const today = now.toISOString().slice(0, 10);
	const agency = await db.selectFrom('agencies').selectAll().where('number', '=', number).where('deletedAt', 'is', null).executeTakeFirst();
	if (!agency) return null;
	const [history, members] = await Promise.all([
		db.selectFrom('agencyLicenseHistory as h').leftJoin('accounts as a', 'a.id', 'h.replacedBy').select(['h.id', 'h.licenseNumber', 'h.expiresOn', 'h.replacedAt', 'a.email as replacedBy']).where('h.agencyNumber', '=', number).orderBy('h.replacedAt', 'desc').execute(),
		db
			.selectFrom('affiliations as f')
			.innerJoin('persons as p', 'p.emsNumber', 'f.emsNumber')
			.leftJoin('accounts as a', 'a.emsNumber', 'f.emsNumber')
			.select(['f.id', 'f.emsNumber', 'f.role', 'f.startedOn', 'p.firstName', 'p.middleName', 'p.lastName', 'p.suffix', 'a.email as accountEmail'])
			.where('f.agencyNumber', '=', number)
			.where('f.deletedAt', 'is', null)
			.where((eb) => eb.or([eb('f.endedOn', 'is', null), eb('f.endedOn', '>=', today)]))
			.orderBy('p.lastName')
			.orderBy('p.firstName')
			.execute()
	]);
	const { fieldRevisions: _ignored, deletedAt: _deleted, ...record } = agency;
	return {
		agency: { ...record, revision: Number(record.revision) },
		history,
		leaders: members.filter((m) => m.role === 'squad_leader'),
		memberCount: members.length
	};
}

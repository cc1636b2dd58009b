import type { Db } from '../db';
import { newId } from './secrets';

export type AuditEvent =
	| 'renewal_reminder_sent'
	| 'renewal_reminder_failed'
	| 'login_succeeded'
	| 'login_failed'
	| 'login_throttled'
	| 'logout'
	| 'code_sent'
	| 'code_not_sent'
	| 'code_delivery_failed'
	| 'code_used'
	| 'code_failed'
	| 'code_voided'
	| 'password_changed'
	| 'reauthenticated'
	| 'reauth_failed'
	| 'passkey_added'
	| 'passkey_removed'
	| 'passkey_login'
	| 'notice_not_delivered'
	| 'email_change_requested'
	| 'email_change_superseded'
	| 'email_change_confirmed'
	| 'email_change_expired'
	| 'email_change_undone'
	// Issue 10: a synced change refused as not permitted, a page or endpoint refused to the signed-in account,
	// and a squad leader's look-up of a person by ND EMS # (refusal-audit.ts, hooks.server.ts, api/agency/…/person).
	| 'change_refused'
	| 'access_refused'
	| 'person_lookup'
	// One per bulk import that wrote records (src/lib/server/import): who, which files, counts.
	| 'records_imported'
	// The office console (issue 13): decisions, refused decisions and licensing actions.
	| 'request_approved'
	| 'request_returned'
	| 'office_refused'
	| 'credential_issued'
	| 'credential_renewed'
	| 'credential_suspended'
	| 'credential_revoked'
	| 'credential_restored'
	| 'audit_exported'
	// The office's agency actions: facts edited, license renewed, squad-leader role granted or removed.
	| 'agency_edited'
	| 'agency_license_renewed'
	| 'squad_leader_granted'
	| 'squad_leader_removed';

export interface AuditEntry {
	event: AuditEvent;
	accountId?: string | null;
	ip?: string | null;
	/** Small facts worth keeping (channel, method); never a password, code or token. */
	detail?: Record<string, string | number | boolean | null>;
	/** Whom the event is about (the office filters the log by person and agency). */
	emsNumber?: string | null;
	agencyNumber?: string | null;
}

/** Every authentication event lands here with its time, account and address, for the office to review. */
export async function audit(db: Db, entry: AuditEntry, now = new Date()): Promise<void> {
	await db
		.insertInto('auditEvents')
		.values({
			id: newId(),
			at: now.toISOString(),
			event: entry.event,
			accountId: entry.accountId ?? null,
			ip: entry.ip ?? null,
			detail: entry.detail ? JSON.stringify(entry.detail) : null,
			...(entry.emsNumber ? { emsNumber: entry.emsNumber } : {}),
			...(entry.agencyNumber ? { agencyNumber: entry.agencyNumber } : {})
		})
		.execute();
}

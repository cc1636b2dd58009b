import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The server's tables as Kysely sees them (camelCase; CamelCasePlugin maps to snake_case columns).
 * Dates are ISO strings (YYYY-MM-DD), times ISO 8601 UTC: the same text in SQLite and PostgreSQL.
 */

/** Every synced row carries the server revision of its last change and a soft-delete time. */
interface Synced {
	revision: number;
	updatedAt: string;
	deletedAt: string | null;
	/** JSON {field: revision, "*": row revision} kept by sync for per-field conflicts (003-sync); may be null. */
	fieldRevisions: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PersonsTable extends Synced {
	emsNumber: string;
	firstName: string;
	middleName: string | null;
	lastName: string;
	suffix: string | null;
	dateOfBirth: string;
	email: string;
	mobilePhone: string | null;
	homePhone: string | null;
	street: string;
	street2: string | null;
	city: string;
	state: string;
	zip: string;
	/** 'off' when the person turned renewal reminders off on their dashboard (013-reminder-schedule). */
	renewalReminders: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CredentialsTable extends Synced {
	id: string;
	emsNumber: string;
	level: string;
	number: string;
	status: string;
	issuedOn: string;
	expiresOn: string;
	nremtNumber: string | null;
	nremtExpiresOn: string | null;
	/** When the office last suspended, revoked or restored it, and why (009-office-console); not synced. */
	statusChangedAt: ColumnType<string | null, string | null | undefined, string | null>;
	statusReason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AgenciesTable extends Synced {
	number: string;
	name: string;
	type: string;
	parentNumber: string | null;
	phone: string;
	email: string;
	street: string;
	street2: string | null;
	city: string;
	state: string;
	zip: string;
	licenseNumber: string;
	licenseExpiresOn: string;
	/** Who to call at the agency, and the medical director of an ALS or AEMT-level service (007-agency-roster). */
	contactPerson: ColumnType<string | null, string | null | undefined, string | null>;
	medicalDirector: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AffiliationsTable extends Synced {
	id: string;
	emsNumber: string;
	agencyNumber: string;
	role: string;
	startedOn: string;
	endedOn: string | null;
}

export interface VehiclesTable extends Synced {
	id: string;
	agencyNumber: string;
	unitNumber: string;
	vin: string;
	year: number;
	make: string;
	model: string;
	type: string;
	status: string;
	/** Since when and why an out-of-service vehicle is out (007-agency-roster). */
	outOfServiceOn: ColumnType<string | null, string | null | undefined, string | null>;
	outOfServiceReason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AccountsTable {
	id: string;
	/** Null for office staff, who are not licensees. */
	emsNumber: string | null;
	email: string;
	role: 'licensee' | 'office';
	passwordHash: string | null;
	createdAt: string;
	passwordChangedAt: string | null;
}

/** Development outbox: every message the server would send while no SMTP/SMS transport is configured. */
export interface MessagesTable {
	id: Generated<number>;
	to: string;
	channel: 'email' | 'sms';
	subject: string;
	text: string;
	sentAt: string;
}

/** Sign-in sessions, keyed by the SHA-256 (hex) of the cookie token; the token itself is never stored. */
export interface SessionsTable {
	id: string;
	accountId: string;
	createdAt: string;
	lastSeenAt: string;
	/** Absolute end, however active the session. */
	expiresAt: string;
	reauthenticatedAt: string | null;
	ip: string | null;
	userAgent: string | null;
}

/** One six-digit code sent (or, for an unmatched email + EMS #, pretended) for Forgot Password. */
export interface VerificationCodesTable {
	id: string;
	ticketHash: string;
	requestKey: string;
	accountId: string | null;
	channel: 'email' | 'sms';
	codeSalt: string;
	codeHash: string;
	createdAt: string;
	expiresAt: string;
	failedAttempts: ColumnType<number, number | undefined, number>;
	voidedAt: string | null;
	usedAt: string | null;
	passwordSetAt: string | null;
	ip: string | null;
}

export interface AuthThrottleTable {
	key: string;
	failures: number;
	lastFailureAt: string;
	blockedUntil: string | null;
}

export interface AuditEventsTable {
	id: string;
	at: string;
	event: string;
	accountId: string | null;
	ip: string | null;
	detail: string | null;
	/** Whom the event is about, for the office's filters (009-office-console). */
	emsNumber: ColumnType<string | null, string | null | undefined, string | null>;
	agencyNumber: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PasskeysTable {
	/** The credential id, base64url. */
	id: string;
	accountId: string;
	/** COSE public key, base64url. */
	publicKey: string;
	counter: ColumnType<number, number, number>;
	transports: string | null;
	deviceType: string;
	backedUp: number;
	name: string;
	createdAt: string;
	lastUsedAt: string | null;
}

export interface WebauthnChallengesTable {
	id: string;
	purpose: 'register' | 'login' | 'reauth';
	challenge: string;
	accountId: string | null;
	expiresAt: string;
}

/** Named monotonically increasing counters (the sync revision among them). */
export interface CountersTable {
	name: string;
	value: ColumnType<number, number, number>;
}

/** A public key that has signed credentials; kept after rotation so printed cards still verify. */
export interface SigningKeysTable {
	keyId: string;
	/** Raw Ed25519 public key, base64url. */
	publicKey: string;
	createdAt: string;
}

/** Requests per bucket (e.g. `verify:<ip>`) in a fixed window starting at `windowStart` (Unix seconds). */
export interface RateLimitsTable {
	bucket: string;
	windowStart: number;
	hits: number;
}

/** A device's last applied mutation sequence (003-sync). */
export interface SyncClientsTable {
	clientId: string;
	accountId: string;
	lastSequence: number;
	updatedAt: string;
}

/** The answer given to each pushed mutation, returned again on a resend (003-sync). */
export interface SyncMutationsTable {
	clientId: string;
	sequence: number;
	accountId: string;
	tableName: string;
	recordId: string;
	status: string;
	/** JSON of the MutationResult. */
	result: string;
	receivedAt: string;
}

/** A change a person may ask for but not make directly, such as a legal name change (003-sync). */
export interface ChangeRequestsTable {
	id: string;
	emsNumber: string;
	/** What is asked (src/lib/server/office/review-kinds.ts says how each kind is shown and applied). */
	kind: 'name' | 'member_addition' | 'renewal';
	/** JSON of the requested field values. */
	changes: string;
	reason: string | null;
	status: ColumnType<'pending' | 'approved' | 'rejected', 'pending' | 'approved' | 'rejected' | undefined>;
	requestedBy: string;
	requestedAt: string;
	decidedBy: string | null;
	decidedAt: string | null;
	decisionNote: string | null;
	revision: number;
	updatedAt: string;
	deletedAt: string | null;
}

/** A document photo sent with a change request, base64 (005-request-documents). */
export interface ChangeRequestDocumentsTable {
	requestId: string;
	contentType: string;
	fileName: string;
	size: number;
	data: string;
	uploadedBy: string;
	uploadedAt: string;
}

/** An email change waiting for the new inbox's confirmation, or its record once confirmed, undone or replaced (006-email-changes). */
export interface EmailChangesTable {
	id: string;
	accountId: string;
	/** The account's confirmed address when the change was asked for: where the undo link went. */
	oldEmail: string;
	newEmail: string;
	confirmTokenHash: string;
	undoTokenHash: string;
	/** The account that made the change (the person, or office staff). */
	requestedBy: string;
	requestedAt: string;
	confirmExpiresAt: string;
	undoExpiresAt: string;
	confirmedAt: string | null;
	undoneAt: string | null;
	/** A later change (or undo) replaced this one before it was confirmed. */
	supersededAt: string | null;
}

/** A continuing-education entry of one licensee (008-ce-entries). */
export interface CeEntriesTable extends Synced {
	id: string;
	emsNumber: string;
	title: string;
	provider: string;
	completedOn: string;
	hours: number;
	format: string;
	component: string | null;
	topic: string | null;
	/** 1: the entry's hours are pediatric content (0 or null: not). */
	pediatric: number | null;
	courseNumber: string | null;
	/** File name of the uploaded certificate (ceCertificates), or null. */
	certificate: string | null;
}

/** An expiration a credential had before a renewal replaced it (012-renewals). */
export interface CredentialHistoryTable {
	id: string;
	credentialId: string;
	issuedOn: string;
	expiresOn: string;
	nremtExpiresOn: string | null;
	replacedAt: string;
	requestId: string | null;
}

/** An expiration an agency license had before the office renewed it (014-agency-licenses). */
export interface AgencyLicenseHistoryTable {
	id: string;
	agencyNumber: string;
	licenseNumber: string;
	expiresOn: string;
	replacedAt: string;
	/** The staff account that renewed it. */
	replacedBy: string | null;
}

/** A reminder sent (or claimed) for one credential, expiration and milestone (012-renewals). */
export interface RenewalRemindersTable {
	credentialId: string;
	expiresOn: string;
	milestone: string;
	sentAt: string;
	/** Comma-separated channels it went out on ('email', 'email,sms'), or 'none'. */
	channels: string;
}

/** Who runs a scheduled job until when (013-reminder-schedule, decision 040). */
export interface JobLeasesTable {
	name: string;
	holder: string;
	expiresAt: string;
	lastRunAt: string | null;
}

/** The certificate photo or PDF of a CE entry, base64 (008-ce-entries). */
export interface CeCertificatesTable {
	ceEntryId: string;
	contentType: string;
	fileName: string;
	size: number;
	data: string;
	uploadedBy: string;
	uploadedAt: string;
}

export interface Database {
	persons: PersonsTable;
	credentials: CredentialsTable;
	agencies: AgenciesTable;
	affiliations: AffiliationsTable;
	vehicles: VehiclesTable;
	accounts: AccountsTable;
	messages: MessagesTable;
	counters: CountersTable;
	sessions: SessionsTable;
	verificationCodes: VerificationCodesTable;
	authThrottle: AuthThrottleTable;
	auditEvents: AuditEventsTable;
	passkeys: PasskeysTable;
	webauthnChallenges: WebauthnChallengesTable;
	signingKeys: SigningKeysTable;
	rateLimits: RateLimitsTable;
	syncClients: SyncClientsTable;
	syncMutations: SyncMutationsTable;
	changeRequests: ChangeRequestsTable;
	changeRequestDocuments: ChangeRequestDocumentsTable;
	emailChanges: EmailChangesTable;
	ceEntries: CeEntriesTable;
	ceCertificates: CeCertificatesTable;
	credentialHistory: CredentialHistoryTable;
	renewalReminders: RenewalRemindersTable;
	agencyLicenseHistory: AgencyLicenseHistoryTable;
	jobLeases: JobLeasesTable;
}

export type PersonRow = Selectable<PersonsTable>;
export type NewPersonRow = Insertable<PersonsTable>;
export type PersonUpdate = Updateable<PersonsTable>;
export type CredentialRow = Selectable<CredentialsTable>;
export type AgencyRow = Selectable<AgenciesTable>;
export type AffiliationRow = Selectable<AffiliationsTable>;
export type VehicleRow = Selectable<VehiclesTable>;
export type AccountRow = Selectable<AccountsTable>;
export type MessageRow = Selectable<MessagesTable>;

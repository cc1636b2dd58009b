import * as v from 'valibot';
import { AGENCY_TYPES } from './agency';
import { CREDENTIAL_STATUSES, type CredentialStatus } from './credential-status';
import { LEVELS } from './levels';

/**
 * Everything the Printing License page needs, and nothing more: it is kept on the device so the card prints
 * offline. The token is the server-signed credential the QR code carries.
 */
export const licenseForPrintSchema = v.object({
	name: v.string(),
	emsNumber: v.string(),
	level: v.picklist(LEVELS),
	credentialNumber: v.string(),
	status: v.picklist(CREDENTIAL_STATUSES),
	issuedOn: v.string(),
	expiresOn: v.string(),
	token: v.string(),
	verifyUrl: v.string()
});
export type LicenseForPrint = v.InferOutput<typeof licenseForPrintSchema>;

export const agencyLicenseForPrintSchema = v.object({
	name: v.string(),
	agencyNumber: v.string(),
	type: v.picklist(AGENCY_TYPES),
	licenseNumber: v.string(),
	licenseExpiresOn: v.string(),
	/** Mailing address as printed, one line each. */
	addressLines: v.array(v.string()),
	token: v.string(),
	verifyUrl: v.string()
});
export type AgencyLicenseForPrint = v.InferOutput<typeof agencyLicenseForPrintSchema>;

/** What the public may learn about a license: never contact details, address or date of birth. */
export interface PublicCredential {
	kind: 'licensee';
	name: string;
	emsNumber: string;
	level: (typeof LEVELS)[number];
	number: string;
	status: CredentialStatus;
	issuedOn: string;
	expiresOn: string;
	/** The day (YYYY-MM-DD) the office last suspended, revoked or restored it; null when it never did. */
	statusChangedOn?: string | null;
}

export interface PublicAgencyLicense {
	kind: 'agency';
	name: string;
	agencyNumber: string;
	agencyType: (typeof AGENCY_TYPES)[number];
	number: string;
	status: 'active' | 'expired';
	expiresOn: string;
}

export type PublicRecord = PublicCredential | PublicAgencyLicense;

/** A license the record still calls active is expired once its date has passed, whatever the record says. */
export function currentStatus(status: CredentialStatus, expiresOn: string, today: string): CredentialStatus {
	return status === 'active' && expiresOn < today ? 'expired' : status;
}

export const STATUS_WORDS: Record<CredentialStatus, string> = {
	active: 'Active',
	pending: 'Pending',
	expired: 'Expired',
	suspended: 'Suspended',
	revoked: 'Revoked',
	inactive: 'Inactive'
};

/** "Revoked on March 3, 2026" where the office changed the status, else the status word alone. */
export function statusWithDay(r: PublicRecord, longDay: (iso: string) => string): string {
	const word = STATUS_WORDS[r.status];
	if (r.kind === 'licensee' && r.statusChangedOn && (r.status === 'suspended' || r.status === 'revoked')) return `${word} on ${longDay(r.statusChangedOn)}`;
	return word;
}

export const ISSUING_OFFICE = 'North Dakota Division of EMS';
export const ISSUING_DEPARTMENT = 'Department of Health and Human Services';

export { cardDate, longDate } from './format';

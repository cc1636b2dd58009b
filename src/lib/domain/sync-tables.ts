/**
 * The records that sync between device and server, described once for both sides: each table's key, the fields
 * a mutation may name and the label a person reads. The field schemas that validate each field are in
 * sync-validation.ts (valibot), so pages and the sync loop that only need names, keys and labels load no schema code.
 * Field names are the flat column names (mailing address as street/city/…), the shape a row has on the device
 * and in the server database.
 */
export const SYNC_TABLES = ['persons', 'credentials', 'agencies', 'affiliations', 'vehicles', 'ceEntries'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

export const RECORD_KEY = {
	persons: 'emsNumber',
	credentials: 'id',
	agencies: 'number',
	affiliations: 'id',
	vehicles: 'id',
	ceEntries: 'id'
} as const satisfies Record<SyncTable, string>;

export const PERSON_NAME_FIELDS = ['firstName', 'middleName', 'lastName', 'suffix'] as const;
export const PERSON_CONTACT_FIELDS = ['email', 'mobilePhone', 'homePhone', 'street', 'street2', 'city', 'state', 'zip'] as const;
/** The person's own settings kept on their record, which they change like contact information (renewal reminders). */
export const PERSON_PREFERENCE_FIELDS = ['renewalReminders'] as const;
export const AGENCY_CONTACT_FIELDS = ['phone', 'email', 'street', 'street2', 'city', 'state', 'zip'] as const;

const ADDRESS_LABELS = { street: 'Street address', street2: 'Address line 2', city: 'City', state: 'State', zip: 'ZIP code' };

/** What a person calls each field ("Your change to Mobile phone was not applied …"). */
export const FIELD_LABELS: Record<SyncTable, Record<string, string>> = {
	persons: {
		emsNumber: 'ND EMS #',
		firstName: 'First name',
		middleName: 'Middle name',
		lastName: 'Last name',
		suffix: 'Suffix',
		dateOfBirth: 'Date of birth',
		email: 'Email address',
		mobilePhone: 'Mobile phone',
		homePhone: 'Home phone',
		...ADDRESS_LABELS,
		renewalReminders: 'Renewal reminders'
	},
	credentials: {
		level: 'Level',
		number: 'License number',
		status: 'Status',
		issuedOn: 'Issue date',
		expiresOn: 'Expiration date',
		nremtNumber: 'NREMT number',
		nremtExpiresOn: 'NREMT expiration'
	},
	agencies: {
		name: 'Agency name',
		type: 'Agency type',
		parentNumber: 'Parent agency',
		phone: 'Agency phone',
		email: 'Agency email address',
		licenseNumber: 'Agency license number',
		licenseExpiresOn: 'Agency license expiration',
		contactPerson: 'Primary contact person',
		medicalDirector: 'Medical director',
		...ADDRESS_LABELS
	},
	affiliations: { role: 'Role', startedOn: 'Start date', endedOn: 'End date', agencyNumber: 'Agency', emsNumber: 'ND EMS #' },
	vehicles: {
		unitNumber: 'Unit number',
		vin: 'VIN',
		year: 'Year',
		make: 'Make',
		model: 'Model',
		type: 'Vehicle type',
		status: 'Status',
		agencyNumber: 'Agency',
		outOfServiceOn: 'Out of service since',
		outOfServiceReason: 'Reason'
	},
	ceEntries: {
		title: 'Course title',
		provider: 'Provider',
		completedOn: 'Date completed',
		hours: 'Hours',
		format: 'CAPCE format',
		component: 'Component',
		topic: 'Topic',
		pediatric: 'Pediatric content',
		courseNumber: 'Course number',
		certificate: 'Certificate',
		emsNumber: 'ND EMS #'
	}
};

export const TABLE_NOUNS: Record<SyncTable, string> = {
	persons: 'personal record',
	credentials: 'license',
	agencies: 'agency',
	affiliations: 'agency membership',
	vehicles: 'vehicle',
	ceEntries: 'continuing education entry'
};

export const fieldLabel = (table: SyncTable, field: string): string => FIELD_LABELS[table][field] ?? field;


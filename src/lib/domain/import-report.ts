/**
 * The import files' kinds and columns, and the report an import gives: no schema code, so the office page that
 * shows a report loads none (import-files.ts has the rules for reading a line).
 */

/** In the order an import writes them: a roster line needs its agency and person first. */
export const IMPORT_KINDS = ['agencies', 'personnel', 'affiliations', 'vehicles'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_COLUMNS = {
	personnel: [
		'ems_number', 'first_name', 'middle_name', 'last_name', 'suffix', 'date_of_birth', 'email', 'mobile_phone',
		'home_phone', 'street', 'street2', 'city', 'state', 'zip', 'level', 'license_number', 'issued_on', 'expires_on',
		'status', 'nremt_number', 'nremt_expires_on'
	],
	agencies: [
		'number', 'name', 'type', 'parent_number', 'phone', 'email', 'street', 'street2', 'city', 'state', 'zip',
		'license_number', 'license_expires_on'
	],
	affiliations: ['agency_number', 'ems_number', 'role', 'started_on', 'ended_on'],
	vehicles: ['agency_number', 'unit_number', 'vin', 'year', 'make', 'model', 'type', 'status']
} as const satisfies Record<ImportKind, readonly string[]>;

/**
 * Columns a file may leave out. A vehicle out of service needs the date and the reason in this registry (the same
 * rule as a squad leader's change), so a file that holds such vehicles gives them; one with none may omit both.
 */
export const IMPORT_OPTIONAL_COLUMNS: Partial<Record<ImportKind, readonly string[]>> = {
	vehicles: ['out_of_service_on', 'out_of_service_reason']
};

export const IMPORT_KIND_NAMES: Record<ImportKind, string> = {
	personnel: 'Personnel',
	agencies: 'Agencies',
	affiliations: 'Affiliations',
	vehicles: 'Vehicles'
};

/** The outcome of an import, as `--report` writes it and the office page shows it (issue 14). */
export interface RejectedLine {
	column: string | null;
	reason: string;
	line: number;
}

export interface FileReport {
	file: string;
	kind: ImportKind;
	rows: number;
	created: number;
	updated: number;
	unchanged: number;
	rejected: RejectedLine[];
}

/** The `--report` JSON and the office page's table (issue 14). */
export interface ImportReport {
	dryRun: boolean;
	/** True when the import committed changes; false for a dry run, a refused import, or one that changed nothing. */
	written: boolean;
	files: FileReport[];
}

export interface ImportProgress {
	file: string;
	kind: ImportKind;
	/** Lines read so far, all files. */
	rows: number;
	bytes: number;
	totalBytes: number;
}

import * as v from 'valibot';
import { agencyNumber } from './agency';
import { optionalIsoDate, optionalText, recordId, requiredText } from './fields';

export const VEHICLE_TYPES = [
	'type_i_ambulance',
	'type_ii_ambulance',
	'type_iii_ambulance',
	'quick_response_vehicle',
	'rescue',
	'rotor_wing',
	'fixed_wing'
] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];

export const VEHICLE_TYPE_NAMES: Record<VehicleType, string> = {
	type_i_ambulance: 'Type I ambulance',
	type_ii_ambulance: 'Type II ambulance',
	type_iii_ambulance: 'Type III ambulance',
	quick_response_vehicle: 'Quick response vehicle',
	rescue: 'Rescue',
	rotor_wing: 'Helicopter',
	fixed_wing: 'Fixed-wing aircraft'
};

export const VEHICLE_STATUSES = ['in_service', 'out_of_service'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
/** VIN transliteration (49 CFR 565.15): letters I, O and Q never occur. */
const VIN_VALUES: Record<string, number> = {
	A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
	S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
	'0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9
};

/** The check digit (position 9) of a North American VIN, per 49 CFR 565. */
export function vinCheckDigit(vin: string): string {
	const upper = vin.toUpperCase();
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += (VIN_VALUES[upper[i]!] ?? 0) * VIN_WEIGHTS[i]!;
	const r = sum % 11;
	return r === 10 ? 'X' : String(r);
}

export const vin = v.pipe(
	v.string('VIN is required.'),
	v.trim(),
	v.toUpperCase(),
	v.regex(/^[A-HJ-NPR-Z0-9]{17}$/, 'VIN is 17 letters and digits (never I, O or Q).'),
	v.check((s) => vinCheckDigit(s) === s[8], 'VIN check digit does not match; please re-read the VIN.')
);

const thisYear = () => new Date().getUTCFullYear();

export const OUT_OF_SERVICE_NEEDS = 'Taking a vehicle out of service needs the date and the reason.';

export const vehicleSchema = v.pipe(v.object({
	id: recordId,
	agencyNumber,
	unitNumber: v.pipe(requiredText('Unit number', 20), v.regex(/^[A-Za-z0-9 -]+$/, 'Unit number may contain letters, digits, spaces and hyphens.')),
	vin,
	year: v.pipe(
		v.number('Year must be a number.'),
		v.integer('Year must be a whole number.'),
		v.minValue(1970, 'Year must be 1970 or later.'),
		v.check((y) => y <= thisYear() + 1, 'Year cannot be more than one year ahead.')
	),
	make: requiredText('Make', 40),
	model: requiredText('Model', 40),
	type: v.picklist(VEHICLE_TYPES, 'Vehicle type: choose one from the list.'),
	status: v.picklist(VEHICLE_STATUSES, 'Status: in service or out of service.'),
	/** Since when and why it is out of service (both required then, and cleared on return to service). */
	outOfServiceOn: optionalIsoDate('Out of service since'),
	outOfServiceReason: optionalText('Reason', 200)
}),
	v.forward(
		v.check((x) => x.status !== 'out_of_service' || x.outOfServiceOn !== null, `${OUT_OF_SERVICE_NEEDS}`),
		['outOfServiceOn']
	),
	v.forward(
		v.check((x) => x.status !== 'out_of_service' || x.outOfServiceReason !== null, `${OUT_OF_SERVICE_NEEDS}`),
		['outOfServiceReason']
	)
);
export type Vehicle = v.InferOutput<typeof vehicleSchema>;

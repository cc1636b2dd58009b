import { validate, type FieldErrors } from './validation';
import { vehicleSchema, VEHICLE_TYPE_NAMES, VEHICLE_STATUSES, type VehicleType } from './vehicle';
import { sameUnit, unitNumberTaken } from './roster';

/**
 * The vehicle form (add and edit): what is typed, checked with the shared vehicle schema (VIN check digit per
 * 49 CFR 565 among it) plus the agency's own rule that a unit number is used once, before anything is queued.
 */
export interface VehicleForm {
	unitNumber: string;
	vin: string;
	year: string;
	make: string;
	model: string;
	type: string;
}
export const VEHICLE_FORM_FIELDS = ['unitNumber', 'vin', 'year', 'make', 'model', 'type'] as const;

export const emptyVehicleForm = (): VehicleForm => ({ unitNumber: '', vin: '', year: '', make: '', model: '', type: '' });

export function vehicleFormFrom(v: { unitNumber: string; vin: string; year: number; make: string; model: string; type: string }): VehicleForm {
	return { unitNumber: v.unitNumber, vin: v.vin, year: String(v.year), make: v.make, model: v.model, type: v.type };
}

interface Existing {
	id: string;
	unitNumber: string;
}

export type CheckedVehicle = { ok: true; value: { unitNumber: string; vin: string; year: number; make: string; model: string; type: VehicleType } } | { ok: false; errors: FieldErrors };

export function checkVehicleForm(form: VehicleForm, context: { id: string; agencyNumber: string; others: readonly Existing[]; status?: string }): CheckedVehicle {
	const year = form.year.trim() === '' ? undefined : Number(form.year.trim());
	const result = validate(vehicleSchema, {
		id: context.id,
		agencyNumber: context.agencyNumber,
		unitNumber: form.unitNumber,
		vin: form.vin,
		year: year === undefined || Number.isNaN(year) ? form.year : year,
		make: form.make,
		model: form.model,
		type: form.type,
		status: context.status ?? VEHICLE_STATUSES[0],
		outOfServiceOn: null,
		outOfServiceReason: null
	});
	const errors: FieldErrors = {};
	if (!result.ok) for (const [field, message] of Object.entries(result.errors)) if ((VEHICLE_FORM_FIELDS as readonly string[]).includes(field)) errors[field] = message;
	if (form.year.trim() === '') errors.year = 'Year is required.';
	else if (Number.isNaN(Number(form.year.trim()))) errors.year = 'Year must be a number.';
	if (form.type === '') errors.type = 'Vehicle type: choose one from the list.';
	const unit = form.unitNumber.trim();
	if (unit && !errors.unitNumber && context.others.some((o) => o.id !== context.id && sameUnit(o.unitNumber, unit))) errors.unitNumber = unitNumberTaken(unit);
	if (Object.keys(errors).length || !result.ok) return { ok: false, errors };
	const v = result.value;
	return { ok: true, value: { unitNumber: v.unitNumber, vin: v.vin, year: v.year, make: v.make, model: v.model, type: v.type } };
}

export { VEHICLE_TYPE_NAMES };

import type { VehicleType } from '$lib/domain/vehicle';

/**
 * Chassis and aircraft EMS agencies run, with the VIN prefix (world manufacturer id + vehicle descriptor)
 * their maker uses. Aircraft carry serial numbers rather than VINs; the registry's vehicle record still asks
 * for a 17-character VIN, so the demo gives them one shaped like a road vehicle's.
 */
export interface VehicleModel {
	make: string;
	model: string;
	type: VehicleType;
	/** Positions 1–8 of the VIN (WMI + VDS), letters I, O and Q excluded. */
	vinPrefix: string;
	/** Position 11, the assembly plant. */
	plant: string;
}

export const GROUND_AMBULANCES: readonly VehicleModel[] = [
	{ make: 'Ford', model: 'F-450 Super Duty', type: 'type_i_ambulance', vinPrefix: '1FDUF4HT', plant: 'E' },
	{ make: 'Ford', model: 'F-550 Super Duty', type: 'type_i_ambulance', vinPrefix: '1FDUF5HT', plant: 'E' },
	{ make: 'Ram', model: '4500 Chassis Cab', type: 'type_i_ambulance', vinPrefix: '3C7WRKBL', plant: 'G' },
	{ make: 'Mercedes-Benz', model: 'Sprinter 3500', type: 'type_ii_ambulance', vinPrefix: 'W1Y4NCHY', plant: 'T' },
	{ make: 'Ford', model: 'Transit 350 HD', type: 'type_ii_ambulance', vinPrefix: '1FTBW3XK', plant: 'K' },
	{ make: 'Ford', model: 'E-450 Super Duty', type: 'type_iii_ambulance', vinPrefix: '1FDXE4FN', plant: 'D' },
	{ make: 'Chevrolet', model: 'Express 4500', type: 'type_iii_ambulance', vinPrefix: '1GB6GUBG', plant: '1' }
];

export const RESPONSE_VEHICLES: readonly VehicleModel[] = [
	{ make: 'Chevrolet', model: 'Tahoe PPV', type: 'quick_response_vehicle', vinPrefix: '1GNSKDEC', plant: 'R' },
	{ make: 'Ford', model: 'Expedition SSV', type: 'quick_response_vehicle', vinPrefix: '1FMJU1FT', plant: 'E' },
	{ make: 'Ford', model: 'F-250 Super Duty', type: 'quick_response_vehicle', vinPrefix: '1FT7W2BT', plant: 'E' },
	{ make: 'Chevrolet', model: 'Silverado 2500HD', type: 'quick_response_vehicle', vinPrefix: '1GC4YLEY', plant: 'F' }
];

export const RESCUE_VEHICLES: readonly VehicleModel[] = [
	{ make: 'Freightliner', model: 'M2 106', type: 'rescue', vinPrefix: '1FVACWFB', plant: 'H' },
	{ make: 'Ford', model: 'F-550 Rescue', type: 'rescue', vinPrefix: '1FDUF5HN', plant: 'E' }
];

export const AIRCRAFT: readonly VehicleModel[] = [
	{ make: 'Airbus Helicopters', model: 'H135', type: 'rotor_wing', vinPrefix: '2AHE135T', plant: 'G' },
	{ make: 'Bell', model: '407GXi', type: 'rotor_wing', vinPrefix: '2BHT407G', plant: 'M' },
	{ make: 'Pilatus', model: 'PC-12 NGX', type: 'fixed_wing', vinPrefix: 'HPAPC12N', plant: 'S' },
	{ make: 'Beechcraft', model: 'King Air 250', type: 'fixed_wing', vinPrefix: '1BKA250E', plant: 'W' }
];

/** VIN position 10: model year code (49 CFR 565.15), repeating every 30 years. */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';
export const modelYearCode = (year: number): string => YEAR_CODES[(((year - 1980) % 30) + 30) % 30]!;

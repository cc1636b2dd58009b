import type { Affiliation, AffiliationRole } from '$lib/domain/affiliation';
import { hasMedicalDirector, type Agency, type AgencyType } from '$lib/domain/agency';
import type { Credential, CredentialStatus } from '$lib/domain/credential';
import type { Level } from '$lib/domain/levels';
import type { Person } from '$lib/domain/person';
import { vinCheckDigit, type Vehicle, type VehicleStatus } from '$lib/domain/vehicle';
import { addDays, addYears, daysBetween, monthEndsWithin, nextOnOrAfter } from './calendar-days';
import { DEMO_LOGINS } from './demo-logins';
import {
	AIR_BASE_CITIES,
	ALL_PLACES,
	ALS_BASES,
	ALS_SUBSTATIONS,
	BLS_TOWNS,
	FARGO_AREA,
	QRU_TOWNS,
	STREET_NAMES,
	type Place
} from './north-dakota-places';
import { FIRST_NAMES, LAST_NAMES, NAME_SUFFIXES_USED } from './person-names';
import { SeededRandom } from './seeded-random';
import {
	AIRCRAFT,
	GROUND_AMBULANCES,
	RESCUE_VEHICLES,
	RESPONSE_VEHICLES,
	modelYearCode,
	type VehicleModel
} from './vehicle-models';

/** An account as generated: the loader adds password hashes for the demo logins. */
export interface DemoAccount {
	id: string;
	emsNumber: string | null;
	email: string;
	role: 'licensee' | 'office';
}

export interface DemoData {
	persons: Person[];
	credentials: Credential[];
	agencies: Agency[];
	affiliations: Affiliation[];
	vehicles: Vehicle[];
	accounts: DemoAccount[];
}

export interface DemoOptions {
	/** The day the data is "as of" (YYYY-MM-DD); every date is placed relative to it. */
	today: string;
	seed?: number;
	/** Licensees besides the fixed demo ones. */
	personCount?: number;
}

/** The Fargo-area ALS service sized for scale tests (roster and sync budgets). */
export const LARGE_AGENCY_NUMBER = 'A0001';
const LARGE_AGENCY_CURRENT_MEMBERS = 2_060;
const LARGE_AGENCY_ENDED_MEMBERS = 40;
const LARGE_AGENCY_VEHICLES = 200;

const LICENSE_PREFIX: Record<Level, string> = { EMR: 'EMR', EMT: 'EMT', AEMT: 'AEMT', Paramedic: 'P' };
const NREMT_PREFIX: Record<Level, string> = { EMR: 'R', EMT: 'E', AEMT: 'A', Paramedic: 'P' };

const LEVEL_SHARE: Record<Level, number> = { EMR: 15, EMT: 50, AEMT: 8, Paramedic: 27 };

/** Who staffs each kind of agency. */
const STAFFING: Record<AgencyType, Record<Level, number>> = {
	als_ground: { EMR: 5, EMT: 45, AEMT: 12, Paramedic: 38 },
	als_substation: { EMR: 5, EMT: 50, AEMT: 15, Paramedic: 30 },
	bls_ground: { EMR: 20, EMT: 65, AEMT: 10, Paramedic: 5 },
	quick_response_unit: { EMR: 60, EMT: 35, AEMT: 5, Paramedic: 0 },
	air_ambulance: { EMR: 0, EMT: 0, AEMT: 10, Paramedic: 90 }
};

const ROSTER_SIZE: Record<AgencyType, [number, number]> = {
	als_ground: [15, 40],
	als_substation: [6, 12],
	bls_ground: [8, 20],
	quick_response_unit: [4, 10],
	air_ambulance: [10, 20]
};

const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

/**
 * Builds a realistic, deterministic North Dakota registry: the same options always give the same records
 * (ids included), and every record is in the canonical form the domain schemas produce.
 */
export function generateDemoData(options: DemoOptions): DemoData {
	return new DemoGenerator(options).build();
}

class DemoGenerator {
	readonly #rng: SeededRandom;
	readonly #today: string;
	readonly #personCount: number;

	readonly #persons: Person[] = [];
	readonly #levels = new Map<string, Level>();
	/** Where each person lives: the town of the first agency they joined. */
	readonly #homes = new Map<string, Place>();
	readonly #agencyPlaces = new Map<string, Place>();
	readonly #credentials: Credential[] = [];
	readonly #agencies: Agency[] = [];
	readonly #affiliations: Affiliation[] = [];
	readonly #vehicles: Vehicle[] = [];
	readonly #emails = new Set<string>(DEMO_LOGINS.map((l) => l.email));
	readonly #licenseSerial: Record<Level, number> = { EMR: 8_000, EMT: 13_000, AEMT: 2_000, Paramedic: 5_000 };
	#nremtSerial = 1_200_000;
	#vinSerial = 100_000;

	constructor({ today, seed = 20261101, personCount = 3_000 }: DemoOptions) {
		this.#rng = new SeededRandom(seed);
		this.#today = today;
		this.#personCount = personCount;
	}

	build(): DemoData {
		this.#addFixedPersons();
		this.#addGeneratedPersons();
		this.#addAgencies();
		this.#addRosters();
		this.#addAddresses();
		this.#addCredentials();
		for (const agency of this.#agencies) this.#addFleet(agency);
		return {
			persons: this.#persons,
			credentials: this.#credentials,
			agencies: this.#agencies,
			affiliations: this.#affiliations,
			vehicles: this.#vehicles,
			accounts: this.#accounts()
		};
	}

	// People -------------------------------------------------------------------------------------------------

	#addFixedPersons(): void {
		const fixed: { emsNumber: string; first: string; last: string; home: Place }[] = [
			{ emsNumber: '100001', first: 'Jordan', last: 'Halvorson', home: BLS_TOWNS[0]! },
			{ emsNumber: '100002', first: 'Kristin', last: 'Aasen', home: FARGO_AREA[2]! },
			{ emsNumber: '100003', first: 'Dale', last: 'Schmitz', home: QRU_TOWNS[0]! }
		];
		for (const f of fixed) {
			const login = DEMO_LOGINS.find((l) => l.emsNumber === f.emsNumber)!;
			this.#persons.push({
				emsNumber: f.emsNumber,
				firstName: f.first,
				middleName: null,
				lastName: f.last,
				suffix: null,
				dateOfBirth: this.#birthDate(login.level!),
				email: login.email,
				// 100001 claims the account by code, which may go to this phone.
				mobilePhone: this.#phone(),
				homePhone: null,
				mailingAddress: this.#address(f.home)
			});
			this.#levels.set(f.emsNumber, login.level!);
			this.#homes.set(f.emsNumber, f.home);
		}
	}

	#addGeneratedPersons(): void {
		const rng = this.#rng;
		for (let i = 0; i < this.#personCount; i++) {
			const emsNumber = String(100_004 + i);
			const level = rng.weighted(LEVEL_SHARE);
			const firstName = rng.pick(FIRST_NAMES);
			const lastName = rng.pick(LAST_NAMES);
			this.#persons.push({
				emsNumber,
				firstName,
				middleName: rng.chance(0.6) ? rng.pick(FIRST_NAMES) : null,
				lastName,
				suffix: rng.chance(0.02) ? rng.pick(NAME_SUFFIXES_USED) : null,
				dateOfBirth: this.#birthDate(level),
				email: this.#uniqueEmail(firstName, lastName),
				mobilePhone: rng.chance(0.92) ? this.#phone() : null,
				homePhone: rng.chance(0.2) ? this.#phone() : null,
				// Filled in once rosters say where the person serves.
				mailingAddress: { street: '', street2: null, city: '', state: 'ND', zip: '' }
			});
			this.#levels.set(emsNumber, level);
		}
	}

	#birthDate(level: Level): string {
		const minAge = level === 'Paramedic' ? 21 : 18;
		const age = this.#rng.int(minAge, 66);
		return addDays(addYears(this.#today, -age), -this.#rng.int(0, 364));
	}

	#uniqueEmail(first: string, last: string): string {
		const local = `${slug(first)}.${slug(last)}`;
		const domain = this.#rng.pick(EMAIL_DOMAINS);
		for (let n = 1; ; n++) {
			const email = `${local}${n === 1 ? '' : n}@${domain}`;
			if (!this.#emails.has(email)) {
				this.#emails.add(email);
				return email;
			}
		}
	}

	/** Only the 555-0100…0199 lines are reserved for fiction; the demo must never text a real number. */
	#phone(): string {
		return `+1701555${String(this.#rng.int(100, 199)).padStart(4, '0')}`;
	}

	#address(place: Place): Person['mailingAddress'] {
		const rng = this.#rng;
		return {
			street: `${rng.int(100, 4999)} ${rng.pick(STREET_NAMES)}`,
			street2: rng.chance(0.06) ? `Apt ${rng.int(1, 4)}${rng.pick(['A', 'B', 'C', 'D'])}` : null,
			city: place.city,
			state: 'ND',
			zip: place.zip
		};
	}

	/** People live where they serve first; those on no roster live anywhere in the state. */
	#addAddresses(): void {
		for (const person of this.#persons) {
			if (person.mailingAddress.city !== '') continue;
			const home = this.#homes.get(person.emsNumber) ?? this.#rng.pick(ALL_PLACES);
			person.mailingAddress = this.#address(home);
		}
	}

	// Credentials --------------------------------------------------------------------------------------------

	#addCredentials(): void {
		for (const person of this.#persons) {
			const level = this.#levels.get(person.emsNumber)!;
			const fixed = DEMO_LOGINS.some((l) => l.emsNumber === person.emsNumber);
			const status = fixed ? 'current' : this.#rng.weighted({ current: 86, expiring: 4, expired: 7, pending: 3 });
			this.#credentials.push(this.#credential(person.emsNumber, level, status));
		}
	}

	#credential(emsNumber: string, level: Level, kind: 'current' | 'expiring' | 'expired' | 'pending'): Credential {
		const rng = this.#rng;
		const today = this.#today;
		// ND: EMR state certifications run to June 30; EMT and up follow the NREMT cycle to March 31. Two years.
		const cycleEnd = level === 'EMR' ? '06-30' : '03-31';
		const nextEnd = nextOnOrAfter(today, cycleEnd);
		let status: CredentialStatus = 'active';
		let expiresOn: string;
		let issuedOn: string;
		switch (kind) {
			case 'current': {
				expiresOn = addYears(nextEnd, rng.int(0, 1));
				issuedOn = this.#issuedWithinCycle(expiresOn);
				break;
			}
			case 'expiring': {
				// Off-cycle (temporary or reciprocity) licences are the ones that lapse outside renewal season.
				expiresOn = rng.pick(monthEndsWithin(today, 7, 90));
				issuedOn = addDays(today, -rng.int(180, 600));
				break;
			}
			case 'expired': {
				status = 'expired';
				expiresOn = addYears(nextEnd, -rng.int(1, 2));
				issuedOn = addDays(addYears(expiresOn, -2), 1);
				break;
			}
			case 'pending': {
				status = 'pending';
				// An application waiting for the office: issue date is when it was filed.
				issuedOn = addDays(today, -rng.int(1, 30));
				expiresOn = addYears(nextEnd, 1);
				break;
			}
		}
		const credential: Credential = {
			id: rng.uuid(),
			emsNumber,
			level,
			number: this.#licenseNumber(emsNumber, level),
			status,
			issuedOn,
			expiresOn,
			nremtNumber: null,
			nremtExpiresOn: null
		};
		if (level === 'EMR') {
			// NREMT certification is optional for a North Dakota EMR; its cycle ends September 30.
			if (rng.chance(0.35)) {
				credential.nremtNumber = this.#nremtNumber(level);
				credential.nremtExpiresOn = addYears(nextOnOrAfter(today, '09-30'), rng.int(0, 1));
			}
		} else if (kind !== 'pending' || rng.chance(0.7)) {
			credential.nremtNumber = this.#nremtNumber(level);
			credential.nremtExpiresOn = kind === 'expiring' ? nextOnOrAfter(today, '03-31') : expiresOn;
		}
		return credential;
	}

	/** Renewals start the day after the last cycle ended; first licences start on the day they were issued. */
	#issuedWithinCycle(expiresOn: string): string {
		const cycleStart = addDays(addYears(expiresOn, -2), 1);
		if (this.#rng.chance(0.7)) return cycleStart;
		const span = daysBetween(cycleStart, this.#today) - 7;
		return span > 0 ? addDays(cycleStart, this.#rng.int(0, span)) : cycleStart;
	}

	#licenseNumber(emsNumber: string, level: Level): string {
		const fixed: Record<string, string> = { '100001': 'EMT-012345', '100002': 'P-004321', '100003': 'EMR-007788' };
		if (fixed[emsNumber]) return fixed[emsNumber];
		this.#licenseSerial[level] += this.#rng.int(1, 5);
		return `${LICENSE_PREFIX[level]}-${String(this.#licenseSerial[level]).padStart(6, '0')}`;
	}

	#nremtNumber(level: Level): string {
		this.#nremtSerial += this.#rng.int(1, 900);
		return `${NREMT_PREFIX[level]}${this.#nremtSerial}`;
	}

	// Agencies -----------------------------------------------------------------------------------------------

	#addAgencies(): void {
		const byCity = new Map<string, Agency>();
		for (const [i, place] of ALS_BASES.entries()) {
			const name = i === 0 ? 'Red River Valley Ambulance' : `${place.city} Ambulance Service`;
			byCity.set(place.city, this.#agency(name, 'als_ground', place, null));
		}
		for (const place of BLS_TOWNS) this.#agency(`${place.city} Ambulance`, 'bls_ground', place, null);
		for (const place of QRU_TOWNS) this.#agency(`${place.city} Quick Response Unit`, 'quick_response_unit', place, null);
		for (const city of AIR_BASE_CITIES) {
			const place = ALS_BASES.find((p) => p.city === city)!;
			this.#agency(`Northern Plains Air Medical – ${city}`, 'air_ambulance', place, null);
		}
		// Substations come last so their parent rows exist first when inserted in order.
		for (const { place, baseCity } of ALS_SUBSTATIONS) {
			const parent = byCity.get(baseCity)!;
			this.#agency(`${parent.name} – ${place.city} Substation`, 'als_substation', place, parent.number);
		}
	}

	#agency(name: string, type: AgencyType, place: Place, parentNumber: string | null): Agency {
		const n = this.#agencies.length + 1;
		const agency: Agency = {
			number: `A${String(n).padStart(4, '0')}`,
			name,
			type,
			parentNumber,
			phone: this.#phone(),
			email: `${slug(name.replace(/–.*/, '')) || 'agency'}${n}@example.org`,
			address: this.#address(place),
			licenseNumber: `AL-${String(1000 + n).padStart(4, '0')}`,
			licenseExpiresOn: nextOnOrAfter(this.#today, '06-30'),
			// Drawn by index, not from the random stream, so adding them changed no other demo value.
			contactPerson: `${FIRST_NAMES[(n * 7) % FIRST_NAMES.length]} ${LAST_NAMES[(n * 11) % LAST_NAMES.length]}`,
			medicalDirector: hasMedicalDirector(type) ? `Dr. ${FIRST_NAMES[(n * 13) % FIRST_NAMES.length]} ${LAST_NAMES[(n * 17) % LAST_NAMES.length]}` : null
		};
		this.#agencies.push(agency);
		this.#agencyPlaces.set(agency.number, place);
		return agency;
	}

	// Rosters ------------------------------------------------------------------------------------------------

	#addRosters(): void {
		const pools = new LevelPools(this.#rng, this.#persons.slice(3).map((p) => ({ emsNumber: p.emsNumber, level: this.#levels.get(p.emsNumber)! })));
		const firstQru = this.#agencies.find((a) => a.type === 'quick_response_unit')!;
		const firstBls = this.#agencies.find((a) => a.type === 'bls_ground')!;
		const large = this.#agencies.find((a) => a.number === LARGE_AGENCY_NUMBER)!;

		this.#affiliate('100003', firstQru, 'squad_leader', false);
		this.#affiliate('100001', firstBls, 'member', false);

		// Small agencies first, so nearly everyone's first (home) agency is a local one.
		for (const agency of this.#agencies) {
			if (agency === large) continue;
			const members = new Set<string>(agency === firstQru ? ['100003'] : agency === firstBls ? ['100001'] : []);
			const [min, max] = ROSTER_SIZE[agency.type];
			const size = this.#rng.int(min, max);
			const wantedLeaders = agency.type === 'als_ground' ? 2 : 1;
			let leaders = agency === firstQru ? 1 : 0;
			const nextRole = (): AffiliationRole => (leaders < wantedLeaders ? (leaders++, 'squad_leader') : 'member');
			// A quick response unit must have an EMR on its roster; its first member is one.
			if (agency.type === 'quick_response_unit') this.#draw(pools, 'EMR', members, agency, nextRole());
			while (members.size < size) {
				const role = nextRole();
				// Past members stay on the roster with an end date; leaders are always current.
				const ended = role === 'member' && this.#rng.chance(0.04);
				this.#draw(pools, this.#rng.weighted(STAFFING[agency.type]), members, agency, role, ended);
			}
		}

		const members = new Set<string>(['100002']);
		this.#affiliate('100002', large, 'member', false);
		for (let i = 0; i < 6; i++) this.#draw(pools, 'Paramedic', members, large, 'squad_leader');
		while (members.size < LARGE_AGENCY_CURRENT_MEMBERS) this.#draw(pools, this.#rng.weighted(STAFFING.als_ground), members, large, 'member');
		while (members.size < LARGE_AGENCY_CURRENT_MEMBERS + LARGE_AGENCY_ENDED_MEMBERS)
			this.#draw(pools, this.#rng.weighted(STAFFING.als_ground), members, large, 'member', true);
	}

	#draw(pools: LevelPools, level: Level, members: Set<string>, agency: Agency, role: AffiliationRole, ended = false): void {
		// The large roster takes most of the state: when a level runs out, the nearest other level steps in.
		const fallbacks: Level[] = [level, 'EMT', 'Paramedic', 'AEMT', 'EMR'];
		const emsNumber = fallbacks.map((l) => pools.take(l, members)).find((n) => n !== null);
		if (emsNumber === undefined) throw new Error(`Too few people for the roster of ${agency.name}.`);
		members.add(emsNumber);
		this.#affiliate(emsNumber, agency, role, ended);
	}

	#affiliate(emsNumber: string, agency: Agency, role: AffiliationRole, ended: boolean): void {
		const rng = this.#rng;
		const person = this.#personIndex().get(emsNumber)!;
		const adultOn = addYears(person.dateOfBirth, 18);
		const earliest = adultOn > addYears(this.#today, -12) ? adultOn : addYears(this.#today, -12);
		const span = Math.max(0, daysBetween(earliest, this.#today) - 60);
		const startedOn = addDays(earliest, rng.int(0, span));
		const endedOn = ended ? addDays(startedOn, rng.int(30, Math.max(30, daysBetween(startedOn, this.#today) - 1))) : null;
		this.#affiliations.push({ id: rng.uuid(), emsNumber, agencyNumber: agency.number, role, startedOn, endedOn });
		if (!ended && !this.#homes.has(emsNumber)) {
			this.#homes.set(emsNumber, agency.number === LARGE_AGENCY_NUMBER ? rng.pick(FARGO_AREA) : this.#agencyPlaces.get(agency.number)!);
		}
	}

	#index: Map<string, Person> | undefined;
	#personIndex(): Map<string, Person> {
		this.#index ??= new Map(this.#persons.map((p) => [p.emsNumber, p]));
		return this.#index;
	}

	// Vehicles -----------------------------------------------------------------------------------------------

	#addFleet(agency: Agency): void {
		const rng = this.#rng;
		const add = (models: readonly VehicleModel[], prefix: string, count: number) => {
			for (let i = 0; i < count; i++) this.#vehicle(agency, rng.pick(models), `${prefix} ${this.#unitCount(agency) + 1}`);
		};
		switch (agency.type) {
			case 'als_ground':
				if (agency.number === LARGE_AGENCY_NUMBER) {
					add(GROUND_AMBULANCES, 'Medic', LARGE_AGENCY_VEHICLES - 20);
					add(RESPONSE_VEHICLES, 'Supervisor', 14);
					add(RESCUE_VEHICLES, 'Rescue', 6);
				} else {
					add(GROUND_AMBULANCES, 'Medic', rng.int(3, 6));
					if (rng.chance(0.5)) add(RESPONSE_VEHICLES, 'Supervisor', 1);
				}
				break;
			case 'als_substation':
				add(GROUND_AMBULANCES, 'Medic', rng.int(1, 2));
				break;
			case 'bls_ground':
				add(GROUND_AMBULANCES, 'Ambulance', rng.int(1, 3));
				if (rng.chance(0.15)) add(RESCUE_VEHICLES, 'Rescue', 1);
				break;
			case 'quick_response_unit':
				add(RESPONSE_VEHICLES, 'QRU', rng.int(1, 2));
				break;
			case 'air_ambulance':
				add(AIRCRAFT.filter((m) => m.type === 'rotor_wing'), 'Air', rng.int(1, 3));
				if (rng.chance(0.5)) add(AIRCRAFT.filter((m) => m.type === 'fixed_wing'), 'Air', 1);
				break;
		}
	}

	readonly #units = new Map<string, number>();
	#unitCount(agency: Agency): number {
		return this.#units.get(agency.number) ?? 0;
	}

	#vehicle(agency: Agency, model: VehicleModel, unitNumber: string): void {
		const rng = this.#rng;
		this.#units.set(agency.number, this.#unitCount(agency) + 1);
		const thisYear = Number(this.#today.slice(0, 4));
		const year = rng.int(thisYear - 15, thisYear);
		const status: VehicleStatus = rng.chance(0.92) ? 'in_service' : 'out_of_service';
		this.#vehicles.push({
			id: rng.uuid(),
			agencyNumber: agency.number,
			unitNumber,
			vin: this.#vin(model, year),
			year,
			make: model.make,
			model: model.model,
			type: model.type,
			status,
			// Not from the random stream, so the rest of the demo data stays as it was.
			outOfServiceOn: status === 'out_of_service' ? addDays(this.#today, -((this.#vinSerial % 20) + 1)) : null,
			outOfServiceReason: status === 'out_of_service' ? 'Scheduled maintenance' : null
		});
	}

	#vin(model: VehicleModel, year: number): string {
		this.#vinSerial += this.#rng.int(1, 5_000);
		const body = `${model.vinPrefix}0${modelYearCode(year)}${model.plant}${String(this.#vinSerial % 1_000_000).padStart(6, '0')}`;
		return `${body.slice(0, 8)}${vinCheckDigit(body)}${body.slice(9)}`;
	}

	// Accounts -----------------------------------------------------------------------------------------------

	#accounts(): DemoAccount[] {
		const accounts: DemoAccount[] = this.#persons.map((p) => ({
			id: this.#rng.uuid(),
			emsNumber: p.emsNumber,
			email: p.email,
			role: 'licensee'
		}));
		for (const login of DEMO_LOGINS.filter((l) => l.role === 'office')) {
			accounts.push({ id: this.#rng.uuid(), emsNumber: null, email: login.email, role: 'office' });
		}
		return accounts;
	}
}

/**
 * Hands out people of a level, each once before anyone twice: the first pass gives everyone a home agency,
 * later passes give some people a second agency, as happens with volunteers in rural North Dakota.
 */
class LevelPools {
	readonly #all: Record<Level, string[]> = { EMR: [], EMT: [], AEMT: [], Paramedic: [] };
	readonly #queues: Record<Level, string[]> = { EMR: [], EMT: [], AEMT: [], Paramedic: [] };

	constructor(
		private readonly rng: SeededRandom,
		people: readonly { emsNumber: string; level: Level }[]
	) {
		for (const p of people) this.#all[p.level].push(p.emsNumber);
	}

	/** Null when everyone of that level is already excluded. */
	take(level: Level, exclude: ReadonlySet<string>): string | null {
		const all = this.#all[level];
		if (all.every((n) => exclude.has(n))) return null;
		for (;;) {
			if (this.#queues[level].length === 0) this.#queues[level] = this.rng.shuffled(all);
			const next = this.#queues[level].pop()!;
			if (!exclude.has(next)) return next;
		}
	}
}

function slug(s: string): string {
	return s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

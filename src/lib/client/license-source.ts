import * as v from 'valibot';
import { agencyLicenseForPrintSchema, licenseForPrintSchema, type AgencyLicenseForPrint, type LicenseForPrint } from '$lib/domain/license-for-print';
import { deviceDb, getMeta, type DeviceDb } from './device-db';
import { deviceSync } from './device-sync.svelte';

export type Printable<T> =
	| { ok: true; license: T; syncedAt: string | null }
	| { ok: false; reason: 'signed-out' | 'no-license' | 'offline' | 'failed'; message: string };

/** How long a page waits for a first sync before saying it has no copy: a slow network must not hang it. */
const FIRST_SYNC_WAIT_MS = 8_000;

/**
 * A signed license from the device database, where every sync keeps it next to the record (decision 004):
 * printing needs no server. Only a device that has never synced for this person waits for one sync first.
 */
async function fromDevice<T>(
	id: string,
	schema: v.GenericSchema<unknown, T>,
	noLicense: string,
	db: DeviceDb,
	sync: () => Promise<SyncOutcome>
): Promise<Printable<T>> {
	const read = async () => {
		const entry = await db.signedLicenses.get(id);
		const parsed = entry ? v.safeParse(schema, entry.license) : null;
		return parsed?.success ? parsed.output : null;
	};
	let license = await read();
	let outcome: SyncOutcome = 'ok';
	if (!license) {
		if (!navigator.onLine)
			return { ok: false, reason: 'offline', message: 'You are offline and this device has no copy yet. Open this page once while online.' };
		outcome = await Promise.race([sync(), new Promise<SyncOutcome>((done) => setTimeout(() => done('failed'), FIRST_SYNC_WAIT_MS))]);
		license = await read();
	}
	if (license) return { ok: true, license, syncedAt: (await getMeta<string>(db, 'lastSyncAt')) ?? null };
	if (outcome === 'signed-out') return { ok: false, reason: 'signed-out', message: 'Sign in to print.' };
	if (outcome === 'failed') return { ok: false, reason: 'failed', message: 'The registry could not be reached to fetch a copy for this device. Try again.' };
	return { ok: false, reason: 'no-license', message: noLicense };
}

type SyncOutcome = 'ok' | 'signed-out' | 'failed';

/** One sync through the device's scheduler (one tab at a time), reporting how it went. */
async function syncThroughScheduler(): Promise<SyncOutcome> {
	await deviceSync.syncNow();
	return deviceSync.phase === 'signed-out' ? 'signed-out' : deviceSync.phase === 'failed' ? 'failed' : 'ok';
}

export function loadLicenseForPrint(db: DeviceDb = deviceDb(), sync = syncThroughScheduler): Promise<Printable<LicenseForPrint>> {
	return fromDevice('licensee', licenseForPrintSchema, 'No license or certification is on record for you.', db, sync);
}

export function loadAgencyLicenseForPrint(agencyNumber: string, db: DeviceDb = deviceDb(), sync = syncThroughScheduler): Promise<Printable<AgencyLicenseForPrint>> {
	return fromDevice(agencyNumber, agencyLicenseForPrintSchema, 'This device has no license of that agency: only its squad leaders can print it.', db, sync);
}

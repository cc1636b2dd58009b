/**
 * A one-word note in localStorage that this device holds someone's data. The root layout reads it to decide
 * whether to load the sync engine (Dexie and all) on public pages, which otherwise stay small.
 */
import { forgetRecordSnapshot } from './record-snapshot';

const KEY = 'ems-registry:device-in-use';

export function deviceInUse(): boolean {
	try {
		return localStorage.getItem(KEY) === '1';
	} catch {
		return false;
	}
}

export function markDeviceInUse(inUse: boolean): void {
	try {
		if (inUse) localStorage.setItem(KEY, '1');
		else {
			localStorage.removeItem(KEY);
			// The dashboard's first-screen copy of the record goes with the device's data (decision 044).
			forgetRecordSnapshot();
		}
	} catch {
		// Storage disabled: the layout then loads sync only on signed-in pages, which still works.
	}
}

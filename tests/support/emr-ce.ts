import type { Db } from '../../src/lib/server/db';

/**
 * CE entries that complete a North Dakota EMR's hours under the 2016 model (16 hours: 8 national by topic, 4 local,
 * 4 individual), dated `on`, which must fall inside the cycle. `short` leaves out the local hours.
 */
export function emrCeEntries(emsNumber: string, on: string, short = false) {
	const e = (title: string, hours: number, component: string, topic: string | null) => ({
		id: crypto.randomUUID(),
		emsNumber,
		title,
		provider: 'Test provider',
		completedOn: on,
		hours,
		format: 'F1',
		component,
		topic,
		pediatric: 0,
		courseNumber: null,
		certificate: null,
		revision: 1,
		updatedAt: `${on}T12:00:00.000Z`,
		deletedAt: null,
		fieldRevisions: null
	});
	return [
		e('Airway', 1, 'national', 'airway'),
		e('Cardiac arrest', 2.5, 'national', 'cardiovascular'),
		e('Bleeding control', 0.5, 'national', 'trauma'),
		e('Medical emergencies', 3, 'national', 'medical'),
		e('Scene safety', 1, 'national', 'operations'),
		...(short ? [] : [e('Squad training', 4, 'local', null)]),
		e('Conference', 4, 'individual', null)
	];
}

export async function seedEmrCe(db: Db, emsNumber: string, on: string, short = false) {
	await db.insertInto('ceEntries').values(emrCeEntries(emsNumber, on, short)).execute();
}

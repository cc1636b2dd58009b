// Bundled for the page (see device.mjs, deviceOutboxSource): the app's own outbox API and device database, so a
// bench queues edits exactly as the app's screens do. It opens the same IndexedDB database as the running app.
export { mutate, upsertVehicle } from '../../src/lib/client/outbox';
export { deviceDb, getMeta } from '../../src/lib/client/device-db';
export { vinCheckDigit } from '../../src/lib/domain/vehicle';
export { clientIdFor } from '../../src/lib/client/device-accounts';

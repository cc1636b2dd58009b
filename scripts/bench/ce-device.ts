// Bundled for the page by measurements/ce-log.mjs: the app's own rules engine, certificate preparation and device
// database, so the bench times exactly the code the CE page runs.
export { evaluateRecert } from '../../src/lib/domain/recert';
export { prepareCertificate } from '../../src/lib/client/certificate-file';
export { deviceDb } from '../../src/lib/client/device-db';

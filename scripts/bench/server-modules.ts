// The app's server modules the bench uses to prepare its own databases (a squad leader's password, sessions),
// loaded with one tsImport so every module (kysely included) is loaded once.
export { openDatabase } from '../../src/lib/server/db/index';
export { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/sessions';
export { hashPassword } from '../../src/lib/server/auth/password';

/**
 * Who may reach what: one row per route and method (a form action is `POST <route id> ?/<name>`) and one per sync
 * mutation type, one column per kind of asker. tests/server/authorization-matrix.spec.ts checks every cell against
 * the running app and fails, printing the row to add, when a route or mutation type has no row here.
 *
 * Route cells:
 *   allow — the route itself answered (a page, a form's "check this field", "no such request": it ran)
 *   deny  — refused before it ran: 401/403, or sent to sign in
 *   home  — a page for another kind of account: sent to the asker's own start page
 * Routes with an agency number are asked about agency A, which "squad leader A" leads and "squad leader B" does not.
 *
 * Mutation cells (permissions.ts `decide`, and the push endpoint for no session):
 *   allow — applied; request — sent to the office for approval; deny — refused with a reason
 * The record: for persons the licensee's own; for every other table one of agency A's.
 */
export const ASKERS = ['no session', 'licensee', 'squad leader A', 'squad leader B', 'office'] as const;
export type Asker = (typeof ASKERS)[number];
export type RouteCell = 'allow' | 'deny' | 'home';
export type MutationCell = 'allow' | 'request' | 'deny';

type Row<C> = Record<Asker, C>;
const row = <C>(none: C, licensee: C, leaderA: C, leaderB: C, office: C): Row<C> => ({
	'no session': none,
	licensee,
	'squad leader A': leaderA,
	'squad leader B': leaderB,
	office
});

// prettier-ignore
export const ROUTES: Record<string, Row<RouteCell>> = {
	//                                                              no session  licensee  leader A  leader B  office
	'GET /':                                                    row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /shell':                                               row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /sync':                                                row('deny',     'allow',  'allow',  'allow',  'allow'),
	'GET /(public)/login':                                      row('allow', 'home', 'home', 'home', 'home'),
	'POST /(public)/login ?/default':                           row('allow', 'home', 'home', 'home', 'home'),
	'GET /(public)/forgot-password':                            row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /(public)/forgot-password ?/default':                 row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /(public)/forgot-password/code':                       row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /(public)/forgot-password/code ?/verify':             row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /(public)/forgot-password/code ?/resend':             row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /(public)/forgot-password/change-password':            row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /(public)/forgot-password/change-password ?/changePassword': row('allow', 'allow', 'allow', 'allow', 'allow'),
	'POST /(public)/forgot-password/change-password ?/removePasskey':  row('allow', 'allow', 'allow', 'allow', 'allow'),
	'GET /(public)/confirm-email':                              row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /(public)/confirm-email ?/default':                   row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /(public)/undo-email-change':                          row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /(public)/undo-email-change ?/default':               row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /logout':                                             row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /verify':                                              row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /verify/keys.json':                                    row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /V/[c]':                                               row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /api/verify/lookup':                                   row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /api/verify/status':                                   row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /(account)/confirm':                                   row('deny',     'allow',  'allow',  'allow',  'allow'),
	'POST /(account)/confirm ?/default':                        row('deny',     'allow',  'allow',  'allow',  'allow'),
	'GET /(account)/account/passkeys':                          row('deny',     'allow',  'allow',  'allow',  'allow'),
	'POST /(account)/account/passkeys ?/remove':                row('deny',     'allow',  'allow',  'allow',  'allow'),
	'GET /(licensee)/dashboard':                                row('deny',     'allow',  'allow',  'allow',  'home'),
	'GET /(licensee)/continuing-education':                     row('deny',     'allow',  'allow',  'allow',  'home'),
	'PUT /api/ce-entries/[id]/certificate':                     row('deny',     'allow',  'allow',  'allow',  'allow'),
	'GET /api/ce-entries/[id]/certificate':                     row('deny',     'allow',  'allow',  'allow',  'allow'),
	'GET /(licensee)/dashboard/edit':                           row('deny',     'allow',  'allow',  'allow',  'home'),
	'GET /(licensee)/dashboard/edit/thank-you':                 row('deny',     'allow',  'allow',  'allow',  'home'),
	'GET /(licensee)/print-license':                            row('deny',     'allow',  'allow',  'allow',  'home'),
	'GET /(agency)/agency/[number]':                            row('deny',     'deny',   'allow',  'deny',   'allow'),
	'GET /(agency)/agency/[number]/contact':                    row('deny',     'deny',   'allow',  'deny',   'allow'),
	'GET /api/(agency)/agency/[number]/member-lookup':          row('deny',     'deny',   'allow',  'deny',   'allow'),
	'GET /(agency)/agency/[number]/print':                      row('deny',     'deny',   'allow',  'deny',   'allow'),
	'GET /(office)/office':                                     row('deny',     'home',   'home',   'home',   'allow'),
	'GET /(office)/office/import':                              row('deny',     'home',   'home',   'home',   'allow'),
	'POST /api/office/import':                                  row('deny',     'deny',   'deny',   'deny',   'allow'),
	'GET /(licensee)/renewal':                                    row('deny', 'allow', 'allow', 'allow', 'home'),
	'GET /(licensee)/show-license':                               row('deny', 'allow', 'allow', 'allow', 'home'),
	'GET /(office)/office/audit':                                 row('deny', 'home', 'home', 'home', 'allow'),
	'GET /(office)/office/agencies/[number]':                     row('deny', 'home', 'home', 'home', 'allow'),
	'GET /(office)/office/people':                                row('deny', 'home', 'home', 'home', 'allow'),
	'GET /(office)/office/people/[emsNumber]':                    row('deny', 'home', 'home', 'home', 'allow'),
	'GET /(office)/office/reports':                               row('deny', 'home', 'home', 'home', 'allow'),
	'GET /(office)/office/requests/[id]':                         row('deny', 'home', 'home', 'home', 'allow'),
	'GET /api/office/audit.csv':                                  row('deny', 'deny', 'deny', 'deny', 'allow'),
	'GET /api/office/requests/[id]/document':                     row('deny', 'deny', 'deny', 'deny', 'allow'),
	'GET /api/session/role':                                      row('allow', 'allow', 'allow', 'allow', 'allow'),
	'POST /(office)/office/agencies/[number] ?/facts':            row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/agencies/[number] ?/renew':            row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/agencies/[number] ?/grant':            row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/agencies/[number] ?/remove':           row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/people/[emsNumber] ?/issue':           row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/people/[emsNumber] ?/renew':           row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/people/[emsNumber] ?/restore':         row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/people/[emsNumber] ?/revoke':          row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/people/[emsNumber] ?/suspend':         row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/requests/[id] ?/approve':              row('deny', 'deny', 'deny', 'deny', 'allow'),
	'POST /(office)/office/requests/[id] ?/return':               row('deny', 'deny', 'deny', 'deny', 'allow'),
	'GET /api/session':                                         row('deny',     'allow',  'allow',  'allow',  'allow'),
	'GET /api/session/confirmation':                            row('deny',     'allow',  'allow',  'allow',  'allow'),
	'GET /api/sync/pull':                                       row('deny',     'allow',  'allow',  'allow',  'allow'),
	'POST /api/sync/push':                                      row('deny',     'allow',  'allow',  'allow',  'allow'),
	'POST /api/email-change/resend':                            row('deny',     'allow',  'allow',  'allow',  'deny'),
	'PUT /api/change-requests/[id]/document':                   row('deny',     'allow',  'allow',  'allow',  'allow'),
	'POST /api/passkeys/sign-in':                               row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /api/passkeys/sign-in/options':                       row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /api/passkeys/registration':                          row('deny',     'allow',  'allow',  'allow',  'allow'),
	'POST /api/passkeys/registration/options':                  row('deny',     'allow',  'allow',  'allow',  'allow'),
	'POST /api/passkeys/confirmation':                          row('deny',     'allow',  'allow',  'allow',  'allow'),
	'POST /api/passkeys/confirmation/options':                  row('deny',     'allow',  'allow',  'allow',  'allow'),
	// Development aids: served in tests and development, 404 in real use (decision 018).
	'GET /dev/outbox':                                          row('allow',    'allow',  'allow',  'allow',  'allow'),
	'GET /dev/outbox.json':                                     row('allow',    'allow',  'allow',  'allow',  'allow'),
	'POST /dev/session/stale-confirmation':                     row('deny',     'allow',  'allow',  'allow',  'allow')
};

// prettier-ignore
export const MUTATIONS: Record<string, Row<MutationCell>> = {
	//                                     no session  licensee   leader A  leader B  office
	'persons insert':                  row('deny',     'deny',    'deny',   'deny',   'allow'),
	'persons update':                  row('deny',     'allow',   'deny',   'deny',   'allow'),
	'persons update (name)':           row('deny',     'request', 'deny',   'deny',   'allow'),
	'persons delete':                  row('deny',     'deny',    'deny',   'deny',   'allow'),
	'credentials insert':              row('deny',     'deny',    'deny',   'deny',   'allow'),
	'credentials update':              row('deny',     'deny',    'deny',   'deny',   'allow'),
	'credentials delete':              row('deny',     'deny',    'deny',   'deny',   'allow'),
	'agencies insert':                 row('deny',     'deny',    'deny',   'deny',   'allow'),
	'agencies update':                 row('deny',     'deny',    'allow',  'deny',   'allow'),
	'agencies delete':                 row('deny',     'deny',    'deny',   'deny',   'allow'),
	'affiliations insert':             row('deny',     'deny',    'deny',   'deny',   'allow'),
	'affiliations update':             row('deny',     'deny',    'allow',  'deny',   'allow'),
	'affiliations delete':             row('deny',     'deny',    'deny',   'deny',   'allow'),
	'vehicles insert':                 row('deny',     'deny',    'allow',  'deny',   'allow'),
	'vehicles update':                 row('deny',     'deny',    'allow',  'deny',   'allow'),
	'vehicles delete':                 row('deny',     'deny',    'deny',   'deny',   'allow'),
	'ceEntries insert':                row('deny',     'allow',   'deny',   'deny',   'allow'),
	'ceEntries update':                row('deny',     'allow',   'deny',   'deny',   'allow'),
	'ceEntries delete':                row('deny',     'allow',   'deny',   'deny',   'allow')
};

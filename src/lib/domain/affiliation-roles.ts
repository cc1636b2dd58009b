/** Affiliation roles and the current-membership rule, without the schema (affiliation.ts), for pages that only show them. */

export const AFFILIATION_ROLES = ['member', 'squad_leader'] as const;
export type AffiliationRole = (typeof AFFILIATION_ROLES)[number];

export const AFFILIATION_ROLE_NAMES: Record<AffiliationRole, string> = {
	member: 'Member',
	squad_leader: 'Squad leader'
};

export const isCurrent = (a: { endedOn: string | null }, today: string): boolean => a.endedOn === null || a.endedOn >= today;

/**
 * The `changes` of a `member_addition` change request, as agreed with the office console (issue 13): the membership
 * the squad leader's device made, with the id it chose, so the approved row reaches that device under the same id.
 */
export interface MemberAdditionChanges {
	id: string;
	agencyNumber: string;
	emsNumber: string;
	role: string;
	startedOn: string;
}

export function additionRequestChanges(id: string, changes: Readonly<Record<string, unknown>>): MemberAdditionChanges {
	return {
		id,
		agencyNumber: String(changes.agencyNumber),
		emsNumber: String(changes.emsNumber),
		role: String(changes.role),
		startedOn: String(changes.startedOn)
	};
}

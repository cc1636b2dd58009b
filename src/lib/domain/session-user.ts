/** Who is asking: what the server derives from a session, and what the device keeps about its signed-in person. */
export interface SessionUser {
	accountId: string;
	role: 'licensee' | 'office';
	/** ND EMS # of a licensee; null for office staff. */
	emsNumber: string | null;
	email: string;
	/** Agency numbers this licensee currently leads as squad leader. */
	leaderOf: string[];
}

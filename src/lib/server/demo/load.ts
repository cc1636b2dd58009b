import type { Db } from '../db';

export async function loadDemoDataIfEmpty(db: Db): Promise<boolean> {
	void db;
	return false;
}

import { sql } from 'kysely';
import { LEVELS } from '../../domain/levels';
import type { Db } from '../db';

export interface Reports {
	today: string;
	/** Credentials by level and status (an active one past its date counts as expired). */
	byLevel: { level: string; status: string; count: number }[];
	/** Active credentials expiring in each of the next 12 months (YYYY-MM), zeros included. */
	expiringByMonth: { month: string; count: number }[];
	/** Agencies whose current members have lapsed or soon-lapsing credentials (within 90 days), most lapsed first. */
	agencies: { number: string; name: string; members: number; lapsed: number; soon: number }[];
	/** Renewal applications (change requests of kind 'renewal', issue 12) by status. */
	renewals: { status: string; count: number }[];
}

const SOON_DAYS = 90;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function nextMonths(today: string, n = 12): string[] {
	const [y, m] = today.split('-').map(Number) as [number, number];
	return Array.from({ length: n }, (_, i) => {
		const k = y * 12 + (m - 1) + i;
		return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
	});
}

/** The office's report figures, each one aggregate query. */
export async function officeReports(db: Db, now = new Date()): Promise<Reports> {
	const today = now.toISOString().slice(0, 10);
	const months = nextMonths(today);
	const monthAfter = nextMonths(months.at(-1)! + '-01', 2)[1]!;
	const soon = addDays(today, SOON_DAYS);

	const [byLevel, expiring, agencies, renewals] = await Promise.all([
		sql<{ level: string; status: string; count: number | string }>`
			select level, case when status = 'active' and expires_on < ${today} then 'expired' else status end as status, count(*) as count
			from credentials where deleted_at is null group by 1, 2 order by 1, 2`.execute(db),
		sql<{ month: string; count: number | string }>`
			select substr(expires_on, 1, 7) as month, count(*) as count from credentials
			where deleted_at is null and status = 'active' and expires_on >= ${today} and expires_on < ${`${monthAfter}-01`}
			group by 1 order by 1`.execute(db),
		sql<{ number: string; name: string; members: number | string; lapsed: number | string; soon: number | string }>`
			with member_expiry as (
				select ems_number, max(expires_on) as expires_on from credentials
				where deleted_at is null and status in ('active', 'expired') group by ems_number
			), members as (
				select distinct f.agency_number, f.ems_number from affiliations f
				where f.deleted_at is null and (f.ended_on is null or f.ended_on >= ${today})
			)
			select a.number, a.name, count(*) as members,
				sum(case when m.expires_on is null or m.expires_on < ${today} then 1 else 0 end) as lapsed,
				sum(case when m.expires_on >= ${today} and m.expires_on < ${soon} then 1 else 0 end) as soon
			from members f join agencies a on a.number = f.agency_number left join member_expiry m on m.ems_number = f.ems_number
			where a.deleted_at is null
			group by a.number, a.name
			having sum(case when m.expires_on is null or m.expires_on < ${soon} then 1 else 0 end) > 0
			order by 4 desc, 5 desc, a.name limit 50`.execute(db),
		sql<{ status: string; count: number | string }>`
			select status, count(*) as count from change_requests where kind = 'renewal' and deleted_at is null group by status order by status`.execute(db)
	]);
	const perMonth = new Map(expiring.rows.map((r) => [r.month, Number(r.count)]));
	const levelOrder = (l: string) => (LEVELS as readonly string[]).indexOf(l);
	return {
		today,
		byLevel: byLevel.rows.map((r) => ({ level: r.level, status: r.status, count: Number(r.count) })).sort((a, b) => levelOrder(a.level) - levelOrder(b.level)),
		expiringByMonth: months.map((month) => ({ month, count: perMonth.get(month) ?? 0 })),
		agencies: agencies.rows.map((r) => ({ number: r.number, name: r.name, members: Number(r.members), lapsed: Number(r.lapsed), soon: Number(r.soon) })),
		renewals: renewals.rows.map((r) => ({ status: r.status, count: Number(r.count) }))
	};
}

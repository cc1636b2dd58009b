import { longDate } from './format';
import { renewalWindow, type CredentialForRenewal } from './renewal-window';

/**
 * Reminder milestones of a credential's expiration (issue 12): when the renewal window opens, and 90, 30 and 7 days
 * before the expiration. Only the latest milestone that is due is sent: a job that did not run for a while does
 * not send three reminders at once.
 */
export const REMINDER_DAYS = [90, 30, 7] as const;
export type Milestone = 'window-open' | `${(typeof REMINDER_DAYS)[number]}-days`;

const minusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** The milestone due on `today`, or null (not yet, expired, or not renewable). */
export function dueMilestone(c: CredentialForRenewal, today: string): { milestone: Milestone; expiresOn: string } | null {
	const w = renewalWindow(c, today);
	if (!w || w.state !== 'open') return null;
	const due: { milestone: Milestone; on: string }[] = [
		{ milestone: 'window-open', on: w.opensOn },
		...REMINDER_DAYS.map((d) => ({ milestone: `${d}-days` as Milestone, on: minusDays(w.expiresOn, d) }))
	];
	const latest = due.filter((d) => d.on <= today).sort((a, b) => a.on.localeCompare(b.on)).at(-1);
	return latest ? { milestone: latest.milestone, expiresOn: w.expiresOn } : null;
}

export function reminderText(c: { level: string; number: string }, expiresOn: string, milestone: Milestone, origin: string): { subject: string; text: string } {
	const what = c.level === 'EMR' ? 'certification' : 'license';
	const subject = milestone === 'window-open' ? `Renewal is open for your ${what} ${c.number}` : `Your ${what} ${c.number} expires ${longDate(expiresOn)}`;
	const text = `${subject}. Renew online at ${origin}/renewal — it takes one step once your application is complete.\nTo stop these reminders, sign in and turn them off on your dashboard.`;
	return { subject, text };
}

import { appDatabase } from '$lib/server/app-database';
import { reviewQueue } from '$lib/server/office/review-queue';
import { isReviewKind, REVIEW_KIND_NAMES, REVIEW_KINDS } from '$lib/server/office/review-kinds';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const asked = url.searchParams.get('kind');
	const kind = asked && isReviewKind(asked) ? asked : null;
	const { db } = await appDatabase();
	const queue = await reviewQueue(db, kind);
	return { kind, queue, kinds: REVIEW_KIND_NAMES.map((k) => ({ kind: k, label: REVIEW_KINDS[k].label })) };
};

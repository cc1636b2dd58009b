/** CAPCE delivery formats and what a person calls them. No imports: the CE page's first load shows them. */
export const CE_FORMATS = ['F1', 'F2', 'F3', 'F4', 'F5'] as const;
export const CE_FORMAT_NAMES: Record<(typeof CE_FORMATS)[number], string> = {
	F1: 'F1 — Live, in person',
	F2: 'F2 — Conference or seminar',
	F3: 'F3 — Self-paced online (distributive)',
	F4: 'F4 — Journal or article',
	F5: 'F5 — Live virtual (instructor online)'
};

/**
 * The dashboard's first screen is drawn before Dexie and the sync engine load (decision 044). A page that draws
 * such a screen holds the engine back from its load function and lets it go once its content is on screen; the
 * root layout, the page's own live queries and the session note wait for that. Other pages hold nothing, so for
 * them `afterFirstScreen()` resolves at once. Dexie-free on purpose: everything the first screen needs must be.
 */

/** Set on the performance timeline when the first screen's content is drawn: the bench weighs the JS before it. */
export const FIRST_SCREEN_MARK = 'ems:first-screen';

// A held page that never lets go (an error while drawing) must not keep the device from syncing.
const LONGEST_HOLD_MS = 3_000;

let held: Promise<void> | null = null;
let release: (() => void) | null = null;

/** Called by a page's load before it draws: Dexie-dependent work waits until `firstScreenShown()`. */
export function holdForFirstScreen(): void {
	if (held) return;
	held = new Promise<void>((done) => {
		release = done;
		setTimeout(done, LONGEST_HOLD_MS);
	});
}

/** The page's first screen is drawn, or it found it needs the device database to draw it: let the rest load. */
export function letFirstScreenGo(): void {
	release?.();
	release = null;
}

/** Marks the moment the first screen's content is on screen (once per page load). */
export function markFirstScreen(): void {
	if (typeof performance !== 'undefined' && performance.getEntriesByName(FIRST_SCREEN_MARK).length === 0)
		performance.mark(FIRST_SCREEN_MARK);
	letFirstScreenGo();
}

/** Resolves once the first screen is drawn (at once where no page holds it). */
export function afterFirstScreen(): Promise<void> {
	return held ?? Promise.resolve();
}

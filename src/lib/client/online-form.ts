import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` for forms that need the server (sign-in, Forgot Password): offline, nothing is sent and nothing
 * typed is cleared; the page says plainly why. A request lost to the network is treated the same way.
 */
export function onlineOnly(setOffline: (offline: boolean) => void): SubmitFunction {
	return ({ cancel }) => {
		if (!navigator.onLine) {
			setOffline(true);
			cancel();
			return;
		}
		setOffline(false);
		return async ({ result, update }) => {
			if (result.type === 'error' && result.error instanceof TypeError) {
				setOffline(true);
				return;
			}
			await update({ reset: false });
		};
	};
}

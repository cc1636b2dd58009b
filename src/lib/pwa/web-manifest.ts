import type { ManifestOptions } from 'vite-plugin-pwa';

/** The installable app's identity; shared by the build (vite.config.ts) and the manifest test. */
export const webManifest: Partial<ManifestOptions> = {
	id: '/',
	name: 'EMS Registry — North Dakota',
	short_name: 'EMS Registry',
	description: 'Your EMS license, continuing education and agency rosters — on your phone, online or offline.',
	lang: 'en-US',
	// The installed app opens where people work: /login forwards a signed-in person to the dashboard (office staff
	// to the console), offline too, and shows the sign-in form to anyone else.
	start_url: '/login',
	scope: '/',
	display: 'standalone',
	orientation: 'any',
	theme_color: '#12355b',
	background_color: '#ffffff',
	categories: ['medical', 'productivity', 'government'],
	icons: [
		{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
		{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	]
};

// The offline shell: prerendered without content and served by the service worker for every navigation,
// so the client router can render any page from the device's data with no network.
export const prerender = true;
export const ssr = false;

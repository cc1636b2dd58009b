// Shown after saving on the device; nothing to load from the server, and it must open offline.
export const ssr = false;

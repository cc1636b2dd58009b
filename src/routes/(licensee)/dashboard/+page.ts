// The dashboard reads the device database (works offline); there is nothing for the server to render.
export const ssr = false;

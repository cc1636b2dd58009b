// Everything on this page comes from the device database: render it in the browser only.
export const ssr = false;

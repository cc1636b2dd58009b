// Print License rows for `npm run bench` (see ../print-pdf.mjs).
export { measure } from '../print-pdf.mjs';

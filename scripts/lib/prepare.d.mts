// Types for the parts of prepare.mjs that TypeScript tests import.
export function ensureBuild(options?: { force?: boolean }): void;
export function run(command: string, args: string[], options?: object): number;

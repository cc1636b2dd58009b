import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** 32 random bytes, base64url: a session or ticket token as the browser holds it. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export const newId = (): string => randomUUID();

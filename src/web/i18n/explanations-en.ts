import type { explanationsNl } from './explanations-nl.js';

/** English messages of the explanations pages: the same keys as explanations-nl.ts. */
export const explanationsEn: typeof explanationsNl = {};

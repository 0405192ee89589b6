import type { openDataNl } from './open-data-nl.js';

/** English messages of the open-data pages: the same keys as open-data-nl.ts. */
export const openDataEn: typeof openDataNl = {};

import type { scorecardNl } from './scorecard-nl.js';

/** English messages of the scorecard pages: the same keys as scorecard-nl.ts. */
export const scorecardEn: typeof scorecardNl = {};

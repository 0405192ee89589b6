/** Dutch messages of the scorecard pages (spread into nl.ts as `scorecard`). */
export const scorecardNl = {};

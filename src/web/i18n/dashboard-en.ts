import type { dashboardNl } from './dashboard-nl.js';

/** English messages of the dashboard pages: the same keys as dashboard-nl.ts. */
export const dashboardEn: typeof dashboardNl = {};

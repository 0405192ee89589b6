/** Dutch messages of the dashboard pages (spread into nl.ts as `dashboard`). */
export const dashboardNl = {};

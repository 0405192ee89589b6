/** Dutch messages of the notifications pages (spread into nl.ts as `notifications`). */
export const notificationsNl = {};

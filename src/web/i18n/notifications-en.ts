import type { notificationsNl } from './notifications-nl.js';

/** English messages of the notifications pages: the same keys as notifications-nl.ts. */
export const notificationsEn: typeof notificationsNl = {};

/** Dutch messages of the open-data pages (spread into nl.ts as `openData`). */
export const openDataNl = {};

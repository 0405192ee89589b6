/** Dutch messages of the explanations pages (spread into nl.ts as `explanations`). */
export const explanationsNl = {};

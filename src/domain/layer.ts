/**
 * Government layers (bestuurslagen). The order is the order in which they are listed on pages.
 */
export const LAYERS = [
  'rijk',
  'provincie',
  'gemeente',
  'waterschap',
  'publieke-dienstverlener',
  'caribisch-openbaar-lichaam',
] as const;

export type Layer = (typeof LAYERS)[number];

export function isLayer(value: string): value is Layer {
  return (LAYERS as readonly string[]).includes(value);
}

import type { Layer } from '../domain/layer.js';
import type { Priority, Strategy, Target } from './schema.js';

/** Pure look-ups over a strategy. */

export function findTarget(strategy: Strategy, id: string): Target | undefined {
  return strategy.targets.find((t) => t.id === id);
}

export function findPriority(strategy: Strategy, id: string): Priority | undefined {
  return strategy.priorities.find((p) => p.id === id);
}

/** Priorities in their numbered order, each with the targets that serve it (a target may serve several). */
export function targetsByPriority(strategy: Strategy): { priority: Priority; targets: Target[] }[] {
  return [...strategy.priorities]
    .sort((a, b) => a.number - b.number)
    .map((priority) => ({
      priority,
      targets: strategy.targets
        .filter((t) => t.priorities.includes(priority.id))
        .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id)),
    }));
}

/** Targets that apply to organisations of a layer (national-only targets apply to none). */
export function targetsForLayer(strategy: Strategy, layer: Layer): Target[] {
  return strategy.targets
    .filter((t) => t.indicator.kind !== 'national' && t.scope.layers.includes(layer))
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id));
}

/** Whether a target is measured per organisation (as opposed to a national figure). */
export function isPerOrganisation(target: Target): boolean {
  return target.indicator.kind !== 'national';
}

import type { AssetKind } from '../../domain/asset.js';
import type { CheckStatus } from '../../domain/check.js';
import type { Layer } from '../../domain/layer.js';
import type { Organisation } from '../../domain/organisation.js';
import type { TargetChange } from '../../services/strategy-types.js';
import type { OrganisationChange } from '../../store/organisations.js';
import type { ObservationState } from '../../store/schema.js';
import type { Indicator, Source, Target } from '../../strategy/schema.js';

type IndicatorOf<K extends Indicator['kind']> = Extract<Indicator, { kind: K }>;

/**
 * Words for the closed sets of the domain (layers, source kinds, ...). Typed as records over those sets,
 * so adding a layer or a source kind without its words in both languages fails the typecheck.
 */
export interface Vocabulary {
  /** A layer, as the layer of one organisation ("Gemeente"). */
  layers: Record<Layer, string>;
  /** A layer as a group, in a scope ("gemeenten"). */
  layersPlural: Record<Layer, string>;
  assetKinds: Record<AssetKind, string>;
  /** Asset kinds as what is measured ("websites"). */
  assetKindsPlural: Record<AssetKind, string>;
  sourceKinds: Record<Source['kind'], string>;
  indicatorKinds: Record<Indicator['kind'], string>;
  checkSets: Record<NonNullable<IndicatorOf<'checks'>['set']>, string>;
  registers: Record<IndicatorOf<'register'>['register'], string>;
  answerKinds: Record<IndicatorOf<'self-assessment'>['answer'], string>;
  evidenceKinds: Record<IndicatorOf<'self-assessment'>['evidence'], string>;
  strategyChangeKinds: Record<TargetChange['kind'], string>;
  organisationChangeKinds: Record<OrganisationChange['kind'], string>;
  /** Names of a target's top-level fields, for its change history. */
  targetFields: Record<keyof Target, string>;
  /** Names of an organisation's fields, for its import history. */
  organisationFields: Record<keyof Organisation, string>;
  /** A check's status as a badge ("Voldoet niet"); `error` is "could not measure", never a failure. */
  checkStatuses: Record<CheckStatus, string>;
  /** A status inside a sentence ("laatst bekend: voldoet niet"). */
  checkStatusesInline: Record<CheckStatus, string>;
  /** The state of a stored interval, in its history. */
  observationStates: Record<ObservationState, string>;
}

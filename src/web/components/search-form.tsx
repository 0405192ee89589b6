import { LAYERS } from '../../domain/layer.js';
import type { Province } from '../../store/organisations.js';
import type { Locale } from '../i18n/index.js';
import type { OrganisationSearch } from '../pages/organisation-search.js';

export interface SearchFormProps {
  locale: Locale;
  search: OrganisationSearch;
  provinces: readonly Province[];
}

/** The GET search form of /organisations; the fields keep the submitted values. */
export function SearchForm({ locale, search, provinces }: SearchFormProps) {
  const { t } = locale;
  const o = t.organisations;
  return (
    <form class="utrecht-form" method="get" action="/organisations" role="search" aria-labelledby="search-heading">
      <h2 class="utrecht-heading-2" id="search-heading">
        {o.searchHeading}
      </h2>
      <div class="thorbecke-search">
        <div class="utrecht-form-field utrecht-form-field--text">
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="q">
              {o.q}
            </label>
          </div>
          <div class="utrecht-form-field__input">
            <input class="utrecht-textbox utrecht-textbox--html-input" type="search" id="q" name="q" value={search.q} maxlength={200} />
          </div>
        </div>
        <div class="utrecht-form-field">
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="layer">
              {o.layer}
            </label>
          </div>
          <div class="utrecht-form-field__input">
            <select class="utrecht-select utrecht-select--html-select" id="layer" name="layer">
              <option value="">{o.allLayers}</option>
              {LAYERS.map((layer) => (
                <option value={layer} selected={layer === search.layer}>
                  {t.layers[layer]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="utrecht-form-field">
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="province">
              {o.province}
            </label>
          </div>
          <div class="utrecht-form-field__input">
            <select class="utrecht-select utrecht-select--html-select" id="province" name="province">
              <option value="">{o.allProvinces}</option>
              {provinces.map((p) => (
                <option value={p.code} selected={p.code === search.province}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="utrecht-form-field utrecht-form-field--checkbox">
          <div class="utrecht-form-field__input">
            <input
              class="utrecht-checkbox utrecht-checkbox--html-input"
              type="checkbox"
              id="includeEnded"
              name="includeEnded"
              value="true"
              checked={search.includeEnded}
            />
          </div>
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label utrecht-form-label--checkbox" for="includeEnded">
              {o.includeEnded}
            </label>
          </div>
        </div>
        <div>
          <button class="utrecht-button utrecht-button--primary-action" type="submit">
            {o.submit}
          </button>
        </div>
      </div>
    </form>
  );
}

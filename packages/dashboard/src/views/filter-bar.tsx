import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import { describeError, type Api } from '../api/client.ts';
import { downloadCsv, type Catalog } from '../api/loaders.ts';
import type { Filters } from '../api/paths.ts';
import type { Resource } from '../hooks/use-resource.ts';
import { formatDay } from '../format.ts';
import {
  customPeriodProblem,
  intervalFor,
  PRESETS,
  presetPeriod,
  previousPeriodLabel,
  today,
  type PresetDays,
} from '../period.ts';
import { TouchpointPicker } from './touchpoint-picker.tsx';

export interface FilterBarProps {
  api: Api;
  filters: Filters;
  catalog: Resource<Catalog>;
  tz: string;
  /** The overview also says how points are bucketed and compared; the feed needs only the dates. */
  charts: boolean;
  onChange(filters: Filters): void;
}

const INTERVAL_WORDS = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

function localeName(tag: string): string {
  try {
    const name = new Intl.DisplayNames(undefined, { type: 'language' }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

export function FilterBar({ api, filters, catalog, tz, charts, onChange }: FilterBarProps) {
  const { period } = filters;
  const [customOpen, setCustomOpen] = useState(period.preset === 'custom');
  const [draft, setDraft] = useState({ from: period.from, to: period.to });
  const [customProblem, setCustomProblem] = useState<string | null>(null);
  const [download, setDownload] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null });

  function choosePreset(days: PresetDays) {
    setCustomOpen(false);
    setCustomProblem(null);
    onChange({ ...filters, period: presetPeriod(days) });
  }

  function applyCustom(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = customPeriodProblem(draft.from, draft.to);
    setCustomProblem(problem);
    if (!problem) onChange({ ...filters, period: { preset: 'custom', ...draft } });
  }

  async function saveCsv() {
    setDownload({ busy: true, problem: null });
    try {
      await downloadCsv(api, filters, `touchpoint-responses-${period.from}-to-${period.to}.csv`);
      setDownload({ busy: false, problem: null });
    } catch (error) {
      setDownload({ busy: false, problem: describeError(error) });
    }
  }

  const checked = customOpen ? 'custom' : period.preset;
  const touchpoints = catalog.data?.touchpoints ?? [];
  return (
    <section class="filters" aria-label="Filters">
      <div class="filter-row">
        <fieldset class="segmented">
          <legend class="visually-hidden">Period</legend>
          {PRESETS.map((days) => (
            <label key={days}>
              <input type="radio" name="period" checked={checked === days} onChange={() => choosePreset(days)} />
              <span>{days} days</span>
            </label>
          ))}
          <label>
            <input
              type="radio"
              name="period"
              checked={checked === 'custom'}
              onChange={() => {
                setDraft({ from: period.from, to: period.to });
                setCustomOpen(true);
              }}
            />
            <span>Custom</span>
          </label>
        </fieldset>
        <TouchpointPicker
          options={touchpoints}
          selected={filters.touchpoints}
          onChange={(selected) => onChange({ ...filters, touchpoints: selected })}
        />
        <div class="field inline">
          <label for="filter-locale">Locale</label>
          <select
            id="filter-locale"
            class="select"
            aria-describedby="filter-locale-hint"
            value={filters.locale ?? ''}
            onChange={(event) => onChange({ ...filters, locale: event.currentTarget.value || null })}
          >
            <option value="">All locales</option>
            {(catalog.data?.locales ?? []).map((tag) => (
              <option key={tag} value={tag}>
                {localeName(tag)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="button download" onClick={saveCsv} disabled={download.busy}>
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
            <path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19.5h14" />
          </svg>
          {download.busy ? 'Preparing CSV…' : 'Download CSV'}
        </button>
      </div>
      {customOpen && (
        <form class="filter-row custom-period" onSubmit={applyCustom} noValidate>
          <div class="field inline">
            <label for="period-from">From</label>
            <input
              id="period-from"
              class="input"
              type="date"
              min="2000-01-01"
              max={today()}
              value={draft.from}
              onInput={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
            />
          </div>
          <div class="field inline">
            <label for="period-to">To</label>
            <input
              id="period-to"
              class="input"
              type="date"
              min="2000-01-01"
              max={today()}
              value={draft.to}
              onInput={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
            />
          </div>
          <button type="submit" class="button primary">
            Apply
          </button>
          {customProblem && (
            <p class="problem" role="alert">
              {customProblem}
            </p>
          )}
        </form>
      )}
      <p class="filter-summary" aria-live="polite">
        <strong>
          {formatDay(period.from)} – {formatDay(period.to)}
        </strong>{' '}
        {charts && ` · ${INTERVAL_WORDS[intervalFor(period)]} points, compared with ${previousPeriodLabel(period)}`} ·
        days in {tz}
      </p>
      <p id="filter-locale-hint" class="hint">
        {filters.locale
          ? `Locale ${filters.locale} narrows the comment feed only; scores, charts and the CSV cover every locale, because the API cannot split them by locale yet.`
          : 'Locale narrows the comment feed only: the API cannot split scores by locale yet.'}
      </p>
      {catalog.status === 'error' && (
        <p class="problem" role="alert">
          Could not list the touchpoints and locales: {describeError(catalog.error)}
        </p>
      )}
      {download.problem && (
        <p class="problem" role="alert">
          The CSV could not be downloaded: {download.problem}
        </p>
      )}
    </section>
  );
}

import { useEffect, useRef } from 'preact/hooks';

export interface TouchpointPickerProps {
  options: string[];
  selected: string[];
  onChange(selected: string[]): void;
}

/** A disclosure of checkboxes: native details/summary, closed by Escape or a click elsewhere. */
export function TouchpointPicker({ options, selected, onChange }: TouchpointPickerProps) {
  const ref = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        details.open = false;
        details.querySelector('summary')?.focus();
      } else if (!details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  // A touchpoint chosen earlier stays listed even if it has no answers any more.
  const names = [...new Set([...options, ...selected])];
  const summary = selected.length === 0 ? 'All' : selected.length === 1 ? selected[0] : `${selected.length} selected`;
  const toggle = (name: string, on: boolean) =>
    onChange(
      on ? names.filter((each) => each === name || selected.includes(each)) : selected.filter((each) => each !== name),
    );

  return (
    <details ref={ref} class="picker">
      <summary class="button">
        Touchpoints: <strong>{summary}</strong>
        <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
          <path d="m6 9 6 6 6-6" />
        </svg>
      </summary>
      <fieldset class="picker-panel">
        <legend class="visually-hidden">Touchpoints to include</legend>
        {names.length === 0 && <p class="muted">No touchpoints have answers yet.</p>}
        {names.map((name) => (
          <label key={name} class="check">
            <input
              type="checkbox"
              checked={selected.includes(name)}
              onChange={(event) => toggle(name, event.currentTarget.checked)}
            />
            <span>{name}</span>
          </label>
        ))}
        {selected.length > 0 && (
          <button type="button" class="button small" onClick={() => onChange([])}>
            Show all touchpoints
          </button>
        )}
      </fieldset>
    </details>
  );
}

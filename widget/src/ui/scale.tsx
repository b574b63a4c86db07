import type { TargetedKeyboardEvent } from 'preact';

export interface ScaleProps {
  min: number;
  max: number;
  value: number | undefined;
  onChange(score: number): void;
  /** Id of the question, which names the group. */
  labelledBy: string;
  anchors: readonly [low: string, high: string];
  dir: 'ltr' | 'rtl';
}

/** Scales longer than this wrap to two rows on phones. */
const ONE_ROW_MAX = 7;

/** Arrow keys move by one score; in RTL, Left and Right swap, as the row does. */
const VERTICAL_STEPS: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
const HORIZONTAL_STEPS: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };

/**
 * The scores as a WAI-ARIA radio group: one tab stop (roving tabindex),
 * arrow keys move and select, wrapping at the ends; Home/End jump there.
 */
export function Scale({ min, max, value, onChange, labelledBy, anchors, dir }: ScaleProps) {
  const scores = Array.from({ length: max - min + 1 }, (_, index) => min + index);
  const tabStop = value ?? min;

  function onKeyDown(event: TargetedKeyboardEvent<HTMLDivElement>): void {
    // The buttons are read from the DOM rather than kept in refs: no hooks, fewer bytes.
    const radios = Array.from(event.currentTarget.children) as HTMLElement[];
    const focused = min + radios.indexOf(event.target as HTMLElement);
    let next: number | undefined;
    if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    else {
      const step = VERTICAL_STEPS[event.key] ?? (HORIZONTAL_STEPS[event.key] ?? 0) * (dir === 'rtl' ? -1 : 1);
      if (step) next = focused + step > max ? min : focused + step < min ? max : focused + step;
    }
    if (next === undefined) return;
    event.preventDefault(); // no page scroll
    onChange(next);
    radios[next - min]?.focus();
  }

  return (
    <>
      <div
        role="radiogroup"
        aria-labelledby={labelledBy}
        class={scores.length > ONE_ROW_MAX ? 'scale wrap' : 'scale'}
        style={`--count:${scores.length}`}
        onKeyDown={onKeyDown}
      >
        {scores.map((score) => (
          <button
            key={score}
            type="button"
            role="radio"
            class="score"
            aria-checked={score === value}
            aria-describedby={score === min ? 'tp-low' : score === max ? 'tp-high' : undefined}
            tabIndex={score === tabStop ? 0 : -1}
            onClick={() => onChange(score)}
          >
            {score}
          </button>
        ))}
      </div>
      <div class="anchors">
        <span id="tp-low">{anchors[0]}</span>
        <span id="tp-high">{anchors[1]}</span>
      </div>
    </>
  );
}

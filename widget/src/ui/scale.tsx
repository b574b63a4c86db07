import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';

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
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const scores = Array.from({ length: max - min + 1 }, (_, index) => min + index);
  const tabStop = value ?? min;

  function select(score: number): void {
    onChange(score);
    buttons.current[score - min]?.focus();
  }

  function onKeyDown(event: JSX.TargetedKeyboardEvent<HTMLDivElement>): void {
    const focused = min + buttons.current.indexOf(event.target as HTMLButtonElement);
    let next: number | undefined;
    if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    else {
      const step = VERTICAL_STEPS[event.key] ?? (HORIZONTAL_STEPS[event.key] ?? 0) * (dir === 'rtl' ? -1 : 1);
      if (step) next = focused + step > max ? min : focused + step < min ? max : focused + step;
    }
    if (next === undefined) return;
    event.preventDefault(); // no page scroll
    select(next);
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
        {scores.map((score, index) => (
          <button
            key={score}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            role="radio"
            class="score"
            aria-checked={score === value}
            aria-describedby={score === min ? 'tp-low' : score === max ? 'tp-high' : undefined}
            tabIndex={score === tabStop ? 0 : -1}
            onClick={() => select(score)}
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

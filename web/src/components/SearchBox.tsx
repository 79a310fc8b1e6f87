// A list's search box: a labelled search input behind a magnifier that searches once typing
// pauses. The page keeps the search in effect (its address, the list's term); the box shows it.
import { createEffect, createSignal, on, onCleanup } from "solid-js";
import { Icon } from "./Icon";
import "./searchBox.css";

/** How long typing must pause before a search goes out. */
export const SEARCH_PAUSE_MS = 300;

/** What the page may do to the box besides changing its value. */
export type SearchBoxControls = {
  /** Empties the box and drops a search still waiting for its pause, without searching. */
  clear: () => void;
};

type Props = {
  /** The search in effect; changed by other means (back, a link, "Clear filters"), the box shows it. */
  value: string;
  /** A new search, trimmed: after a pause in typing (or at once, as the props below say). */
  onSearch: (q: string) => void;
  id: string;
  testId: string;
  label: string;
  /** The label unless given. */
  placeholder?: string;
  /** The box's own class, for where it stands in its page. */
  class: string;
  /** The box is the page's search landmark (when no larger region around it is). */
  landmark?: boolean;
  maxLength?: number;
  /** Enter searches without waiting for the pause. */
  searchOnEnter?: boolean;
  /** Escape empties the box and the search at once. */
  clearOnEscape?: boolean;
  controls?: (box: SearchBoxControls) => void;
};

export function SearchBox(props: Props) {
  const [text, setText] = createSignal(props.value);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  createEffect(on(() => props.value, (q) => q !== text().trim() && setText(q), { defer: true }));

  const search = (q: string) => q !== props.value && props.onSearch(q);
  const onInput = (value: string) => {
    setText(value);
    clearTimeout(timer);
    timer = setTimeout(() => search(value.trim()), SEARCH_PAUSE_MS);
  };
  const clear = () => {
    clearTimeout(timer);
    setText("");
  };
  props.controls?.({ clear });
  const onKeyDown = (key: string) => {
    if (key === "Enter" && props.searchOnEnter) {
      clearTimeout(timer);
      search(text().trim());
    } else if (key === "Escape" && props.clearOnEscape) {
      clear();
      search("");
    }
  };

  // Where a box stands and what names it never change in its life: set once (no effect watches them).
  const { class: place, landmark, id, testId, maxLength } = props;
  return (
    <div class={`search-box ${place}`} role={landmark ? "search" : undefined}>
      <label class="sr-only" for={id}>
        {props.label}
      </label>
      <Icon name="search" />
      <input
        id={id}
        type="search"
        data-testid={testId}
        placeholder={props.placeholder ?? props.label}
        value={text()}
        maxLength={maxLength}
        autocomplete="off"
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => onKeyDown(e.key)}
      />
    </div>
  );
}

// The « suivi » star: marks a thread to follow up, in the list and in the thread's header.
import { useOfflineText } from "./texts";

export function StarButton(props: { starred: boolean; busy?: boolean; testId: string; onToggle: () => void }) {
  const t = useOfflineText();
  const label = () => t(props.starred ? "offline.unstar" : "offline.star");
  return (
    <button
      type="button"
      class="star-button"
      classList={{ on: props.starred }}
      data-testid={props.testId}
      data-starred={String(props.starred)}
      aria-pressed={props.starred}
      aria-label={label()}
      title={label()}
      disabled={props.busy}
      onClick={(e) => {
        e.stopPropagation();
        props.onToggle();
      }}
    >
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M12 2.5l2.94 5.96 6.56.95-4.75 4.63 1.12 6.54L12 17.5l-5.87 3.08 1.12-6.54L2.5 9.41l6.56-.95z" />
      </svg>
    </button>
  );
}

// « Sync now »'s progress as the page shows it, from the integration's `sync` counters.
import type { Integration } from "@raibu/protocol/integrations";

export type SyncState = {
  /** Started and not finished: the page keeps asking. */
  running: boolean;
  /** Contacts handled (sent or failed), never more than the total. */
  handled: number;
  /** 0–100, whole; a finished sync of nothing is complete. */
  percent: number;
  done: number;
  failed: number;
  total: number;
};

export function syncState(sync: Integration["sync"]): SyncState {
  const total = Math.max(0, sync.total);
  const done = Math.max(0, sync.done);
  const failed = Math.max(0, sync.failed);
  const running = sync.startedAt !== null && sync.finishedAt === null;
  const handled = Math.min(total, done + failed);
  const percent = total > 0 ? Math.floor((handled / total) * 100) : running ? 0 : 100;
  return { running, handled, percent, done, failed, total };
}

/** The next wait before asking again while a sync runs: quick at first, then every few seconds. */
export function pollDelay(polls: number): number {
  return Math.min(4000, 1000 + polls * 500);
}

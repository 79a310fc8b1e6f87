// The conversation's outbox: what it copies to the workspace lobby (the agents' live list) and to
// D1 (summary, collected fields, search index), and when; and the object's one alarm, which
// rings for request deadlines and delayed bot messages, and for a copy an in-memory timer lost.
// One copy runs at a time.
import type { LobbyConversation, PageInfo } from "@raibu/protocol/realtime";
import type { Env } from "../env";
import { metricEventId, type MetricEvent } from "../metrics/events";
import { metricsChanged } from "../metrics/notify";
import { copyToD1 } from "./d1Copy";
import type { MessageLog } from "./MessageLog";
import type { ConversationState } from "./state";

/**
 * New messages reach the agents' live list within a second (a cheap RPC to the lobby, from an
 * in-memory timer: it writes nothing here; a busy lobby asks for a slower pace, up to 5 s), and
 * D1's summary and search index 10–20 s after the first of them (from the same timer's next
 * ring once that time has come, or from the alarm when the conversation has gone quiet). Every
 * storage write is a commit the message path waits behind, so a burst of messages costs one
 * alarm write and one D1 batch. State changes are copied at once. One copy runs at a time;
 * whatever asks for one meanwhile is folded into the next, so a flood of frames never piles
 * copies up.
 */
const LOBBY_FLUSH_MS = 1000;
export const D1_FLUSH_MS = 10_000;
const SYNC_RETRY_MS = 5000;
/**
 * While a conversation keeps writing, its alarm waits this long behind D1's next copy, which the
 * timer makes; each copy moves it on, so it does not ring. It rings only for an object evicted or
 * restarted before its timer did the copy. On workerd at full load, objects whose alarm rang fell
 * behind and stayed behind where the same objects with their alarm set but not ringing kept up
 * (docs/decisions.md, "D1's copy from the timer, the alarm behind it"), so an alarm is kept for
 * what must survive eviction.
 */
export const D1_BACKSTOP_MS = 20_000;
/**
 * The widget reports each page the visitor opens: the agents see each at once, but the state
 * stores one at most this often (the newest of a burst, when the window ends). A report lost
 * with the object in that window is replaced by the next one.
 */
const PAGE_STORE_MS = 3000;

/** What the outbox reads of the conversation object. */
export interface OutboxHost {
  /** The state, kept in place by the object; the outbox moves its copy marks (d1Key, d1SyncedAt, indexedSeq, fields). */
  state(): ConversationState;
  readonly log: MessageLog;
  /** The bindings, read at each copy. */
  env(): Env;
  visitorOnline(): boolean;
  saveState(): void;
  /** The earliest time the conversation itself needs the alarm (a request's deadline, a bot's delay); null when none. */
  deadline(): number | null;
  readonly storage: DurableObjectStorage;
}

export class Outbox {
  private alarmAt: number | null;
  /** The change key last copied to the lobby. In memory only: after a wake the row is sent again, and the lobby ignores a copy it has. */
  private lobbyKey = 0;
  private lobbyTimer: ReturnType<typeof setTimeout> | null = null;
  /** How long new messages wait for their lobby copy: the lobby's last answer. */
  private lobbyPaceMs = LOBBY_FLUSH_MS;
  /**
   * When D1's next copy is due: set by the first message after a copy (10–20 s on), null while D1
   * has every message. In memory: after a wake, the alarm's backstop stands in for it.
   */
  private d1DueAt: number | null = null;
  /** When a failed copy is tried again (from the alarm, which survives eviction); null once a copy lands. */
  private retryAt: number | null = null;
  /** Messages since the timer last rang: more than one says the conversation keeps writing. */
  private addedSinceRing = 0;
  /** The copy running now, and whether another was asked for meanwhile (and with D1). */
  private copying: Promise<void> | null = null;
  private copyWanted: { d1: boolean } | null = null;
  private pendingPage: PageInfo | null = null;
  private pageTimer: ReturnType<typeof setTimeout> | null = null;
  private pageStoredAt = 0;
  private lobbyStub: ReturnType<Env["WORKSPACES"]["get"]> | null = null;
  /**
   * Where in the ten-second cycle this conversation's D1 copies fall, at random: conversations that
   * started together (a load test, a reconnect after a deploy) would otherwise copy in the same
   * seconds every cycle, and the object's one thread would stall on a hundred copies at once. A
   * copy leaves 10 s plus this phase after the first message it carries.
   */
  private readonly d1Phase = Math.floor(Math.random() * D1_FLUSH_MS);

  constructor(
    private readonly host: OutboxHost,
    /** The alarm already set when the object woke. */
    alarmAt: number | null,
  ) {
    this.alarmAt = alarmAt;
  }

  /** Grows with every change to copy out: state changes bump the version, messages the seq. */
  changeKey(): number {
    return this.host.state().version + this.host.log.lastSeq;
  }

  /** A new message (stored at `at`): no state write here (its seq marks it); the lobby at its pace, D1 when due. */
  messageAdded(at = Date.now()) {
    this.lobbySoon();
    this.addedSinceRing += 1;
    if (this.d1DueAt !== null) return;
    this.d1DueAt = at + D1_FLUSH_MS + this.d1Phase;
    void this.wakeBy(this.d1DueAt + D1_BACKSTOP_MS);
  }

  lobbySoon() {
    this.lobbyTimer ??= setTimeout(() => void this.timerRang(), this.lobbyPaceMs);
  }

  /** The timer: the lobby's copy, and D1's once it is due; then the alarm moves on. */
  private async timerRang() {
    this.lobbyTimer = null;
    const writing = this.addedSinceRing > 1;
    this.addedSinceRing = 0;
    const due = this.d1DueAt;
    await this.sync({ d1: due !== null && Date.now() >= due });
    await this.moveAlarm(writing);
  }

  /**
   * After the timer's copy, the alarm moves to what is still wanted, later as well as earlier, or
   * goes: the conversation's own deadline, a retry, and D1's next copy. That copy is the timer's
   * while the conversation keeps writing (more than a message since the last ring), with the
   * alarm as its backstop; at a person's pace, when the timer may not ring again, the alarm's at
   * its time. A write only when that changes: about once a copy, not once a ring.
   */
  private async moveAlarm(writing: boolean) {
    this.d1DueAt ??= this.d1CopyLeft(Date.now());
    const due = this.d1DueAt;
    const d1 = due === null ? null : writing ? due + D1_BACKSTOP_MS : due;
    const wanted = earliest(this.host.deadline(), this.retryAt, d1);
    if (wanted === this.alarmAt) return;
    this.alarmAt = wanted;
    if (wanted === null) await this.host.storage.deleteAlarm();
    else await this.host.storage.setAlarm(wanted);
  }

  /** A change only the live list shows (page, presence, unread): a D1 copy that was current stays current. */
  lobbyOnlyChange() {
    const s = this.host.state();
    const d1Current = s.d1Key >= this.changeKey();
    s.version += 1;
    if (d1Current) s.d1Key = this.changeKey();
    this.host.saveState();
  }

  /** The visitor opened a page: stored (with a lobby copy and no D1 copy) at most every few seconds, the newest of a burst last. */
  pageReported(page: PageInfo) {
    this.pendingPage = page;
    if (this.pageTimer) return;
    const wait = this.pageStoredAt + PAGE_STORE_MS - Date.now();
    if (wait <= 0) return this.storePage();
    this.pageTimer = setTimeout(() => {
      this.pageTimer = null;
      this.storePage();
    }, wait);
  }

  private storePage() {
    const page = this.pendingPage;
    this.pendingPage = null;
    if (!page) return;
    this.pageStoredAt = Date.now();
    this.host.state().page = page;
    this.lobbyOnlyChange();
    void this.sync({ d1: false });
  }

  /** The one alarm rings at the earliest time anyone asked for; `alarmRang` then forgets it. */
  wakeBy(at: number): Promise<void> | void {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    return this.host.storage.setAlarm(at);
  }

  alarmRang() {
    this.alarmAt = null;
  }

  /** The alarm's part: copies (to D1 too once the last D1 copy is ten seconds old), and asks again for what did not land. */
  async onAlarm(now: number) {
    const s = this.host.state();
    await this.sync({ d1: now - s.d1SyncedAt >= D1_FLUSH_MS });
    const left = this.d1CopyLeft(now);
    if (left !== null) await this.wakeBy(left);
  }

  /**
   * When what a copy left for D1 (none: null) goes: ten seconds after the last copy, and never in
   * the past: while D1 is down, a copy that is due is retried, not spun on.
   */
  private d1CopyLeft(now: number): number | null {
    const s = this.host.state();
    return s.d1Key < this.changeKey() ? Math.max(s.d1SyncedAt + D1_FLUSH_MS, now + SYNC_RETRY_MS) : null;
  }

  /**
   * Copies what changed to the lobby and (unless `d1` is false) to D1. A call while a copy runs
   * asks for one more run after it, and every caller meanwhile waits for that same run. Resolves
   * once a copy that includes the caller's change is done (or has failed and left the alarm to retry).
   */
  sync({ d1 = true }: { d1?: boolean } = {}): Promise<void> {
    this.copyWanted = { d1: d1 || (this.copyWanted?.d1 ?? false) };
    this.copying ??= this.drainCopies();
    return this.copying;
  }

  private async drainCopies(): Promise<void> {
    try {
      while (this.copyWanted) {
        const { d1 } = this.copyWanted;
        this.copyWanted = null;
        await this.copyOut(d1);
      }
    } finally {
      this.copying = null;
    }
  }

  /** One copy. A failure leaves it dirty and retries from the alarm: nothing is lost. */
  private async copyOut(d1: boolean): Promise<void> {
    const s = this.host.state();
    const key = this.changeKey();
    if (this.lobbyKey >= key && (!d1 || s.d1Key >= key)) return;
    try {
      let metricsLanded = false;
      // Cleared before the awaits: a failure of this copy sets it again.
      this.retryAt = null;
      if (d1 && s.d1Key < key) {
        // Messages stored from here on are the next copy's.
        this.d1DueAt = null;
        metricsLanded = await this.writeToD1(key);
        s.d1Key = Math.max(s.d1Key, key);
        s.d1SyncedAt = Date.now();
        this.host.saveState();
      }
      if (metricsLanded) await metricsChanged(this.host.env(), s.workspaceId);
      if (this.lobbyKey < key) {
        const { paceMs } = await this.lobby().upsertConversation(this.lobbyRow(), key);
        this.lobbyPaceMs = paceMs;
        this.lobbyKey = Math.max(this.lobbyKey, key);
      }
    } catch (err) {
      this.lobbyStub = null;
      console.error("conversation sync failed; retrying", err);
      this.retryAt = Date.now() + SYNC_RETRY_MS;
      await this.wakeBy(this.retryAt);
    }
  }

  /**
   * Copies the summary, the fields, the messages and the pending metric events. True when metric
   * events went: they are forgotten here only once their batch landed, so a failure keeps them for
   * the retry, and a batch that landed unheard is harmless to repeat (an event's id lands once).
   */
  private async writeToD1(version: number): Promise<boolean> {
    const { log } = this.host;
    const s = this.host.state();
    const metrics: MetricEvent[] = (s.pendingMetrics ?? []).map((m) => ({
      id: metricEventId.response(s.id, m.at),
      workspaceId: s.workspaceId,
      interfaceId: s.interfaceId,
      kind: m.kind,
      at: m.at,
      visitorId: null,
    }));
    const copied = new Set(metrics.map((m) => m.id));
    const fields = s.fields;
    const fieldsVersion = fields.version;
    const last = log.lastPreview;
    const { name, email, phone, custom } = fields;
    await copyToD1(
      this.host.env().DB,
      log,
      {
        conversationId: s.id,
        workspaceId: s.workspaceId,
        visitorId: s.visitorId,
        version,
        summary: {
          status: s.status,
          requestKind: s.requestKind,
          assigneeId: s.assignee?.id ?? null,
          lastSeq: log.lastSeq,
          lastMessageAt: last?.createdAt ?? null,
          lastMessagePreview: last?.text ?? null,
          requestedAt: s.requestedAt,
          startedAt: s.startedAt,
          closedAt: s.closedAt,
          rating: s.rating?.score ?? null,
          ratingComment: s.rating?.comment || null,
          ratedAt: s.rating?.ratedAt ?? null,
        },
        fields: fieldsVersion > fields.syncedVersion ? { name, email, phone, custom } : null,
        indexedSeq: s.indexedSeq,
        upToSeq: log.lastSeq,
        metrics,
      },
      (indexedSeq) => {
        fields.syncedVersion = Math.max(fields.syncedVersion, fieldsVersion);
        s.indexedSeq = Math.max(s.indexedSeq, indexedSeq);
        if (copied.size > 0 && s.pendingMetrics) s.pendingMetrics = s.pendingMetrics.filter((m) => !copied.has(metricEventId.response(s.id, m.at)));
        this.host.saveState();
      },
    );
    return copied.size > 0;
  }

  /** One stub for the object's life; a failed call drops it, and the next copy makes a new one. */
  private lobby() {
    const { WORKSPACES } = this.host.env();
    this.lobbyStub ??= WORKSPACES.get(WORKSPACES.idFromName(this.host.state().workspaceId));
    return this.lobbyStub;
  }

  /** The conversation's row in the agents' live list. */
  private lobbyRow(): LobbyConversation {
    const s = this.host.state();
    const { log } = this.host;
    const last = log.lastPreview;
    return {
      conversationId: s.id,
      visitorId: s.visitorId,
      visitorName: s.visitorName,
      interfaceId: s.interfaceId,
      interfaceName: s.interfaceName,
      status: s.status,
      requestKind: s.requestKind,
      requestedAt: s.requestedAt,
      assignee: s.assignee,
      page: s.page,
      visitorOnline: this.host.visitorOnline(),
      lastMessageAt: last?.createdAt ?? null,
      lastMessagePreview: last?.text ?? null,
      unread: log.unreadByAgents,
      createdAt: s.createdAt,
      rating: s.rating?.score ?? null,
    };
  }
}

/** The earliest of some times, null when none is given. */
export function earliest(...times: (number | null)[]): number | null {
  let first: number | null = null;
  for (const t of times) if (t !== null && (first === null || t < first)) first = t;
  return first;
}

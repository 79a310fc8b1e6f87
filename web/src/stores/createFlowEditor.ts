// One interface's bot flow in the builder: the saved document, the draft being edited (a
// store, so each field updates on its own), what is wrong with it, and save / publish.
import { createMemo, createResource, createSignal } from "solid-js";
import { createStore, reconcile, unwrap } from "solid-js/store";
import type { Api, FlowDocument } from "../lib/api";
import { buildOutline, canSave, emptyFlow, flowProblems, type Flow } from "../lib/flowEditor";

export function createFlowEditor(api: Api, interfaceId: string) {
  const [draft, setDraft] = createStore<Flow>(emptyFlow());
  // The draft as last saved (JSON); null until the document loaded.
  const [savedJson, setSavedJson] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<"save" | "publish" | null>(null);

  const [flowDocument, { mutate }] = createResource(async () => {
    const doc = await api.flow(interfaceId);
    load(doc.draft);
    return doc;
  });

  function load(flow: Flow) {
    setDraft(reconcile(structuredClone(flow), { key: "id", merge: false }));
    setSavedJson(JSON.stringify(flow));
  }

  // Everything below reads the draft through one JSON copy: plain data for the pure helpers.
  const json = createMemo(() => JSON.stringify(draft));
  const plain = createMemo<Flow>(() => JSON.parse(json()) as Flow);
  const dirty = () => savedJson() !== null && json() !== savedJson();
  const problems = createMemo(() => flowProblems(plain()));
  const outline = createMemo(() => buildOutline(plain()));

  /** Applies a pure edit (lib/flowEditor) to the draft. */
  function apply(edit: (flow: Flow) => Flow) {
    setDraft(reconcile(edit(unwrap(draft)), { key: "id", merge: false }));
  }

  function settle(doc: FlowDocument, sent: string) {
    mutate(doc);
    // Typing may have gone on while the request was out: only then keep the local draft.
    if (json() === sent) load(doc.draft);
    else setSavedJson(JSON.stringify(doc.draft));
  }

  /** Saves the draft; resolves with the saved document. */
  async function save(): Promise<FlowDocument> {
    const sent = json();
    setBusy("save");
    try {
      const doc = await api.saveFlow(interfaceId, JSON.parse(sent) as Flow);
      settle(doc, sent);
      return doc;
    } finally {
      setBusy(null);
    }
  }

  /** Saves unsaved changes first, then publishes the saved draft as the next version. */
  async function publish(): Promise<FlowDocument> {
    if (dirty()) await save();
    setBusy("publish");
    try {
      const doc = await api.publishFlow(interfaceId);
      mutate(doc);
      return doc;
    } finally {
      setBusy(null);
    }
  }

  return {
    document: flowDocument,
    draft,
    plain,
    dirty,
    problems,
    /** True when the server would take the draft as it is. */
    savable: () => canSave(problems()),
    outline,
    busy,
    apply,
    save,
    publish,
  };
}

export type FlowEditor = ReturnType<typeof createFlowEditor>;

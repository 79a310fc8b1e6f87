// The bot's step waiting for the visitor, above the message box: its buttons, or a way to decline
// a question asked again ("I'd rather not"). A pick is sent as a `choice` and shown as the
// visitor's message. (The Appointment step's offer comes with its booking, in ./Booking.tsx.)
import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js";
import type { FlowPrompt } from "@raibu/protocol/flow";
import { t } from "../language";

export interface PromptPanelProps {
  /** The prompt while the bot holds the conversation (flowView's `activePrompt`). */
  prompt: FlowPrompt | null;
  onChoose: (stepId: string, choice: { id: string; label: string }) => void;
}

export function PromptPanel(props: PromptPanelProps) {
  // One pick per prompt: the buttons stay disabled until the server moves the bot on.
  // (A memo, so a new view holding the same prompt, after a `read` say, does not count.)
  const prompt = createMemo(() => props.prompt);
  const [picked, setPicked] = createSignal(false);
  createEffect(on(prompt, () => setPicked(false), { defer: true }));

  const choose = (stepId: string, choice: { id: string; label: string }) => {
    setPicked(true);
    props.onChoose(stepId, choice);
  };
  // A question asked again may be declined: its one button is worded by the server, in the interface's language.
  const buttons = () => {
    const current = prompt();
    return current?.kind === "buttons" ? current : current?.kind === "question" && current.skip ? { stepId: current.stepId, choices: [current.skip] } : null;
  };

  return (
    <Show when={buttons()}>
      {(step) => (
        <div class="panel actions" role="group" aria-label={t("choices")} data-testid="flow-choices">
          <For each={step().choices}>
            {(choice) => (
              <button type="button" class="button secondary" data-testid="flow-choice" disabled={picked()} onClick={() => choose(step().stepId, choice)}>
                {choice.label}
              </button>
            )}
          </For>
        </div>
      )}
    </Show>
  );
}

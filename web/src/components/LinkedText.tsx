// Plain text shown as text, with its web addresses made clickable; no HTML is ever parsed.
import { For, Match, Switch } from "solid-js";
import { splitLinks } from "../lib/splitLinks";

export function LinkedText(props: { text: string }) {
  return (
    <For each={splitLinks(props.text)}>
      {(part) => (
        <Switch>
          <Match when={part.kind === "link" && part}>{(link) => <a href={link().href}>{link().text}</a>}</Match>
          <Match when={part.kind === "text"}>{part.text}</Match>
        </Switch>
      )}
    </For>
  );
}

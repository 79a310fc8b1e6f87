// Shown once an accepted video request has a call: the visitor's own signed link. Loaded on demand.
import { Show } from "solid-js";
import { safeUrl } from "../../../../client/links";
import { t } from "../language";
import { VideoIcon } from "./Icons";

export default function CallCard(props: { url: string }) {
  return (
    <Show when={safeUrl(props.url)}>
      {(href) => (
        <div class="card call" role="group" aria-label={t("callReady")}>
          <VideoIcon />
          <span class="card-title">{t("callReady")}</span>
          <a class="button" href={href()} target="_blank" rel="noopener noreferrer">
            {t("join")}
            <span class="sr-only"> {t("opensInNewTab")}</span>
          </a>
        </div>
      )}
    </Show>
  );
}

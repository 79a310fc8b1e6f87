// An attachment inside a message: images preview inline, other files are a download link
// with their name and size.
import { Show } from "solid-js";
import type { ShownAttachment } from "../../../../client/timeline";
import { formatSize } from "../i18n";
import { safeUrl } from "../safeUrl";
import { useI18n } from "../useI18n";
import { FileIcon } from "./Icons";

export function AttachmentView(props: { attachment: ShownAttachment; onLoad?: () => void }) {
  const { t, lang } = useI18n();
  const url = () => safeUrl(props.attachment.url);
  const isImage = () => props.attachment.type.startsWith("image/");
  return (
    <Show when={url()} fallback={<span class="file">{props.attachment.name}</span>}>
      {(href) => (
        <Show
          when={isImage()}
          fallback={
            <a class="file" href={href()} download={props.attachment.name} target="_blank" rel="noopener noreferrer" aria-label={t("download", { name: props.attachment.name })}>
              <FileIcon />
              <span class="file-name">{props.attachment.name}</span>
              <span class="file-size">{formatSize(t, lang(), props.attachment.size)}</span>
            </a>
          }
        >
          <a class="image-link" href={href()} target="_blank" rel="noopener noreferrer">
            <img class="image" src={href()} alt={props.attachment.name} onLoad={() => props.onLoad?.()} />
          </a>
        </Show>
      )}
    </Show>
  );
}

// An attachment inside a message: images preview inline, other files are a download link
// with their name and size.
import { Show } from "solid-js";
import type { ShownAttachment } from "../../../../client/timeline";
import { formatBytes } from "../../../../client/formatBytes";
import { safeUrl } from "../../../../client/links";
import { lang, t } from "../language";
import { FileIcon } from "./Icons";

export function AttachmentView(props: { attachment: ShownAttachment; onLoad?: () => void }) {
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
              <span class="file-size">{formatBytes(props.attachment.size, lang())}</span>
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

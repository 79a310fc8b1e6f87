// The interface's real widget in preview mode, restyled live with the form's unsaved appearance.
import { createEffect } from "solid-js";
import type { Lang } from "@raibu/protocol/lang";
import type { InterfaceAppearance } from "../../lib/api";
import { useI18n } from "../../stores/createI18n";

type Props = { interfaceId: string; appearance: InterfaceAppearance; language: Lang };

export function WidgetPreview(props: Props) {
  const { t } = useI18n();
  let frame!: HTMLIFrameElement;

  // A plain copy: store proxies cannot cross postMessage.
  const message = () => ({
    raibu: 1,
    type: "preview",
    appearance: {
      color: props.appearance.color,
      title: props.appearance.title,
      welcome: props.appearance.welcome,
      launcherLabel: props.appearance.launcherLabel,
      position: props.appearance.position,
      showAgentAvatar: props.appearance.showAgentAvatar,
    },
    language: props.language,
  });
  const post = (data = message()) => frame.contentWindow?.postMessage(data, window.location.origin);

  // Every change is sent at once; the frame's load sends the latest again in case it was not listening yet.
  createEffect(() => post(message()));

  return (
    <div class="surface preview">
      <iframe
        ref={frame}
        class="preview-frame"
        src={`/widget/?interface=${encodeURIComponent(props.interfaceId)}&preview=1`}
        title={t("interface.previewFrame")}
        data-testid="widget-preview"
        onLoad={() => post()}
      />
    </div>
  );
}

// A live chat step (« prise de contrôle humaine »): what is offered, how long agents have to
// accept, what the visitor reads meanwhile, and what happens when nobody can take the chat.
import { useI18n } from "../../../stores/createI18n";
import { ChoiceField } from "../../form/ChoiceField";
import { StepNumber } from "../StepNumber";
import { StepText } from "../StepText";
import type { StepFieldsProps } from "../stepTypes";
import { OfflineFormFields } from "./OfflineFormFields";

export function LiveChatFields(props: StepFieldsProps<"live_chat">) {
  const { t } = useI18n();
  return (
    <>
      <StepText
        card={props.card}
        label={t("flow.text")}
        hint={t("flow.liveTextHint")}
        value={props.step.text}
        onInput={(text) => props.edit((step) => ({ ...step, text }))}
      />
      <ChoiceField
        id={props.card.fieldId("offer")}
        name="offer"
        label={t("flow.offer")}
        value={props.step.offer}
        options={[
          { value: "both", label: t("flow.offer.both") },
          { value: "live", label: t("flow.offer.live") },
          { value: "video", label: t("flow.offer.video") },
        ]}
        onChange={(offer) => props.edit((step) => ({ ...step, offer }))}
      />
      <StepNumber
        card={props.card}
        name="timeoutSeconds"
        label={t("flow.timeout")}
        value={props.step.timeoutSeconds}
        onInput={(timeoutSeconds) => props.edit((step) => ({ ...step, timeoutSeconds }))}
      />
      <StepText
        card={props.card}
        name="waitingText"
        label={t("flow.waitingText")}
        hint={t("flow.waitingTextHint")}
        value={props.step.waitingText}
        onInput={(waitingText) => props.edit((step) => ({ ...step, waitingText }))}
      />
      <ChoiceField
        id={props.card.fieldId("whenNobodyOnline")}
        name="whenNobodyOnline"
        label={t("flow.nobodyOnline")}
        value={props.step.whenNobodyOnline}
        options={[
          { value: "offline_form", label: t("flow.nobodyOnline.offline_form") },
          { value: "wait", label: t("flow.nobodyOnline.wait") },
        ]}
        onChange={(whenNobodyOnline) => props.edit((step) => ({ ...step, whenNobodyOnline }))}
      />
      <OfflineFormFields
        card={props.card}
        form={props.step.offlineForm}
        onChange={(change) => props.edit((step) => ({ ...step, offlineForm: change(step.offlineForm) }))}
      />
    </>
  );
}

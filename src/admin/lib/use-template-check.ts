import { useQuery } from "@tanstack/react-query"
import type { Counter, Validation } from "../../types/messaging"
import { apiSend } from "./api"
import type { TemplateDraft } from "./template-draft"

/** Validation as you type: the (debounced) body checked against the event's macros, and its SMS counter. */
export function useTemplateCheck(form: TemplateDraft | null, body: string) {
  return useQuery({
    queryKey: ["messaging-validate", form?.event_name, form?.audience, form?.locale, body],
    queryFn: () =>
      apiSend<{ validation: Validation; counter: Counter }>("/templates/validate", {
        body,
        event_name: form!.event_name,
        audience: form!.audience,
        locale: form!.locale,
      }),
    enabled: !!form,
    placeholderData: (p) => p,
  })
}

import { toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Template } from "../../types/messaging"
import { errorText, useApiMutation } from "./api"
import type { TemplateDraft } from "./template-draft"

/**
 * What the editor's buttons do: save (create or update), reset to the BW_ default and
 * delete (both confirmed first), and copy a global template for a sales channel. A failure
 * goes to `onError` (shown in the editor); a saved or reset template replaces the form.
 */
export function useTemplateActions({
  form,
  setForm,
  onError,
  onDeleted,
  firstChannelId,
}: {
  form: TemplateDraft | null
  setForm: (form: TemplateDraft) => void
  onError: (message: string | null) => void
  onDeleted: () => void
  firstChannelId: string | null
}) {
  const { t } = useTranslation()
  const prompt = usePrompt()
  const create = useApiMutation<Record<string, unknown>, { template: Template }>("/templates")
  const update = useApiMutation<Record<string, unknown>, { template: Template }>(`/templates/${form?.id}`)
  const reset = useApiMutation<Record<string, unknown>, { template: Template }>(`/templates/${form?.id}/reset`)
  const remove = useApiMutation<Record<string, unknown>>(`/templates/${form?.id}`, "DELETE")

  const save = async () => {
    if (!form) return
    onError(null)
    try {
      const result = !form.id
        ? await create.mutateAsync({
            event_name: form.event_name,
            audience: form.audience,
            channel: form.channel,
            locale: form.locale,
            sales_channel_id: form.sales_channel_id,
            subject: form.subject || null,
            body: form.body,
            enabled: form.enabled,
            critical: form.critical,
          })
        : await update.mutateAsync({
            body: form.body,
            subject: form.subject || null,
            enabled: form.enabled,
            critical: form.critical,
          })
      setForm({ ...form, ...result.template })
      toast.success(t("messaging.common.saved"))
    } catch (e) {
      onError(errorText(e))
    }
  }
  const resetToDefault = async () => {
    if (!form) return
    const ok = await prompt({
      title: t("messaging.editor.resetConfirm"),
      description: t("messaging.editor.resetText"),
      confirmText: t("messaging.editor.reset"),
      cancelText: t("messaging.common.cancel"),
    })
    if (!ok) return
    try {
      const result = await reset.mutateAsync({})
      setForm({ ...form, ...result.template })
      toast.success(t("messaging.editor.resetDone"))
    } catch (e) {
      onError(errorText(e))
    }
  }
  const del = async () => {
    if (!form) return
    const ok = await prompt({
      title: t("messaging.common.confirmDelete", { name: form.code }),
      description: t("messaging.editor.deleteText"),
      confirmText: t("messaging.common.delete"),
      cancelText: t("messaging.common.cancel"),
    })
    if (!ok) return
    await remove.mutateAsync({}).then(onDeleted, (e) => onError(errorText(e)))
  }
  const copyForSite = () => {
    if (!form) return
    setForm({ ...form, id: undefined, code: undefined, is_default: false, sales_channel_id: firstChannelId })
  }

  return {
    save,
    resetToDefault,
    del,
    copyForSite,
    saving: create.isPending || update.isPending,
    resetting: reset.isPending,
  }
}

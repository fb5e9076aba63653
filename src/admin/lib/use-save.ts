import { toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { errorText, useApiMutation } from "./api"

/**
 * Saving a drawer's form: POST `path` to create, `path/id` to update; says "Saved" or the
 * server's reason. `save` resolves true when it worked (the drawer closes then).
 */
export function useSave(path: string, id: string | null | undefined) {
  const { t } = useTranslation()
  const create = useApiMutation(path)
  const update = useApiMutation(`${path}/${id}`)
  const save = async (body: Record<string, unknown>, onCreate: Record<string, unknown> = {}): Promise<boolean> => {
    try {
      if (id) await update.mutateAsync(body)
      else await create.mutateAsync({ ...body, ...onCreate })
      toast.success(t("messaging.common.saved"))
      return true
    } catch (e) {
      toast.error(errorText(e))
      return false
    }
  }
  return { save, isPending: create.isPending || update.isPending }
}

/** Delete `path/id` after the admin confirms "Delete {name}?". */
export function useConfirmDelete(path: string) {
  const { t } = useTranslation()
  const prompt = usePrompt()
  const remove = useApiMutation<{ id: string }>((b) => `${path}/${b.id}`, "DELETE")
  return async (row: { id: string; name: string }) => {
    const ok = await prompt({
      title: t("messaging.common.confirmDelete", { name: row.name }),
      description: t("messaging.common.confirmDeleteText"),
      confirmText: t("messaging.common.delete"),
      cancelText: t("messaging.common.cancel"),
    })
    if (!ok) return
    try {
      await remove.mutateAsync({ id: row.id })
      toast.success(t("messaging.common.deleted"))
    } catch (e) {
      toast.error(errorText(e))
    }
  }
}

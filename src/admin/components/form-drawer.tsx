import { Button, Drawer, Heading } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useTranslation } from "react-i18next"

/** The Save button of a form drawer. */
export interface SaveAction {
  onClick: () => void
  isLoading?: boolean
  disabled?: boolean
  testId?: string
}

/**
 * A side drawer like the rest of the admin: a title, a scrolling body and a footer — Cancel and
 * Save when `save` is given, else Close after any `actions`.
 */
export function FormDrawer({
  open,
  onClose,
  title,
  testId,
  save,
  actions,
  children,
}: {
  open: boolean
  onClose: () => void
  title: ReactNode
  testId?: string
  save?: SaveAction
  actions?: ReactNode
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid={testId}>
        <Drawer.Header>
          <Drawer.Title asChild>
            <Heading>{title}</Heading>
          </Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">{children}</Drawer.Body>
        <Drawer.Footer>
          {actions}
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              {save ? t("messaging.common.cancel") : t("messaging.common.close")}
            </Button>
          </Drawer.Close>
          {save && (
            <Button
              size="small"
              onClick={save.onClick}
              isLoading={save.isLoading}
              disabled={save.disabled}
              data-testid={save.testId}
            >
              {t("messaging.common.save")}
            </Button>
          )}
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

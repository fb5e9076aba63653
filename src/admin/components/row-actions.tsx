import { Button } from "@medusajs/ui"

export interface RowAction {
  label: string
  onClick: () => void
  isLoading?: boolean
  testId?: string
}

/** The buttons at the end of a table row (Edit, Delete, Send test …). */
export function RowActions({ actions }: { actions: (RowAction | false | null | undefined)[] }) {
  return (
    <div className="flex justify-end gap-1">
      {actions
        .filter((a): a is RowAction => !!a)
        .map((a) => (
          <Button
            key={a.label}
            size="small"
            variant="transparent"
            isLoading={a.isLoading}
            onClick={a.onClick}
            data-testid={a.testId}
          >
            {a.label}
          </Button>
        ))}
    </div>
  )
}

import { Button, Text } from "@medusajs/ui"

/** What is missing and what to do about it, with the button that does it. */
export function EmptyState({
  title,
  description,
  action,
  onAction,
  testId,
}: {
  title: string
  description?: string
  action?: string
  onAction?: () => void
  testId?: string
}) {
  return (
    <div
      className="flex flex-col items-center justify-center gap-y-2 px-6 py-10 text-center"
      data-testid={testId ?? "empty-state"}
    >
      <Text size="small" weight="plus" leading="compact">
        {title}
      </Text>
      {description && (
        <Text size="small" className="text-ui-fg-subtle max-w-md">
          {description}
        </Text>
      )}
      {action && onAction && (
        <Button size="small" variant="secondary" className="mt-2" onClick={onAction}>
          {action}
        </Button>
      )}
    </div>
  )
}

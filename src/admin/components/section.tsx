import { Container, Heading, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A card like the rest of the admin: a header row (title, description, actions) and a body. */
export function Section({
  title,
  description,
  actions,
  children,
  testId,
  flush,
}: {
  title: string
  description?: string
  actions?: ReactNode
  children: ReactNode
  testId?: string
  flush?: boolean
}) {
  return (
    <Container className="divide-y p-0" data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
        <div className="min-w-0">
          <Heading level="h2">{title}</Heading>
          {description && (
            <Text size="small" className="text-ui-fg-subtle mt-1">
              {description}
            </Text>
          )}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      <div className={flush ? "" : "px-6 py-4"}>{children}</div>
    </Container>
  )
}

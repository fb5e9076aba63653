import { Hint, Label } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A labelled form control with an optional hint and error. */
export function Field({
  label,
  htmlFor,
  hint,
  error,
  children,
  optional,
}: {
  label: string
  htmlFor?: string
  hint?: string
  error?: string | null
  children: ReactNode
  optional?: string
}) {
  return (
    <div className="flex min-w-0 flex-col gap-y-1.5">
      <Label size="small" weight="plus" htmlFor={htmlFor}>
        {label}
        {optional && <span className="text-ui-fg-muted font-normal"> ({optional})</span>}
      </Label>
      {children}
      {hint && !error && <Hint>{hint}</Hint>}
      {error && <Hint variant="error">{error}</Hint>}
    </div>
  )
}

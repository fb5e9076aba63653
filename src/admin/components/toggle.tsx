import { Switch, Text } from "@medusajs/ui"

/** A switch with a bold label and an optional hint below it. */
export function Toggle({
  checked,
  onChange,
  label,
  hint,
  testId,
}: {
  checked: boolean
  onChange: (v: boolean) => void
  label: string
  hint?: string
  testId?: string
}) {
  return (
    <label className="flex items-start gap-2">
      <Switch className="shrink-0" checked={checked} onCheckedChange={onChange} data-testid={testId} />
      <div>
        <Caption title={label} hint={hint} />
      </div>
    </label>
  )
}

/** A bold title with a muted hint below it. */
export function Caption({ title, hint }: { title: string; hint?: string }) {
  return (
    <>
      <Text size="small" weight="plus">
        {title}
      </Text>
      {hint && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {hint}
        </Text>
      )}
    </>
  )
}

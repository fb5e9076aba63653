import { Switch, Text } from "@medusajs/ui"

/** A switch with a bold label and an optional hint below it. */
export function Toggle({ checked, onChange, label, hint, testId }: { checked: boolean; onChange: (v: boolean) => void; label: string; hint?: string; testId?: string }) {
  return (
    <label className="flex items-start gap-2">
      <Switch checked={checked} onCheckedChange={onChange} data-testid={testId} />
      <div>
        <Text size="small" weight="plus">
          {label}
        </Text>
        {hint && (
          <Text size="xsmall" className="text-ui-fg-subtle">
            {hint}
          </Text>
        )}
      </div>
    </label>
  )
}

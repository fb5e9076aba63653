import { Select } from "@medusajs/ui"

/** Radix Select needs non-empty item values: "" is carried as this sentinel. */
const EMPTY = "__empty__"

export interface Option {
  value: string
  label: string
}

export function SelectField({
  value,
  onChange,
  options,
  placeholder,
  id,
  size = "small",
  testId,
  disabled,
}: {
  value: string
  onChange: (value: string) => void
  options: Option[]
  placeholder?: string
  id?: string
  size?: "small" | "base"
  testId?: string
  disabled?: boolean
}) {
  return (
    <Select
      size={size}
      value={value === "" ? EMPTY : value}
      onValueChange={(v) => onChange(v === EMPTY ? "" : v)}
      disabled={disabled}
    >
      <Select.Trigger id={id} data-testid={testId} className="min-w-0 [&>span]:truncate">
        <Select.Value placeholder={placeholder} />
      </Select.Trigger>
      <Select.Content>
        {options.map((o) => (
          <Select.Item key={o.value || EMPTY} value={o.value === "" ? EMPTY : o.value}>
            {o.label}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}

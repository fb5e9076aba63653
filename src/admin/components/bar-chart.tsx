import { Text, Tooltip } from "@medusajs/ui"

export interface Bar {
  key: string
  label: string
  value: number
  /** Part of the bar drawn in the second color (e.g. delivered of sent). */
  part?: number
  tooltip: string
}

/** Simple vertical bars in plain CSS: one per day, scaled to the largest value. */
export function BarChart({
  bars,
  empty,
  height = 120,
  testId,
}: {
  bars: Bar[]
  empty: string
  height?: number
  testId?: string
}) {
  const max = Math.max(0, ...bars.map((b) => b.value))
  if (max === 0) {
    return (
      <div className="flex items-center justify-center rounded-md border border-dashed py-8" data-testid={testId}>
        <Text size="small" className="text-ui-fg-subtle">
          {empty}
        </Text>
      </div>
    )
  }
  return (
    <div data-testid={testId}>
      <div className="flex items-end gap-[2px]" style={{ height }}>
        {bars.map((b) => (
          <Tooltip key={b.key} content={b.tooltip}>
            <div className="bg-ui-bg-subtle flex h-full min-w-0 flex-1 flex-col justify-end rounded-sm">
              <div
                className="bg-ui-tag-blue-icon flex flex-col justify-end rounded-sm"
                style={{ height: `${(b.value / max) * 100}%`, minHeight: b.value ? 2 : 0 }}
              >
                {b.part !== undefined && b.value > 0 && (
                  <div className="bg-ui-tag-green-icon rounded-sm" style={{ height: `${(b.part / b.value) * 100}%` }} />
                )}
              </div>
            </div>
          </Tooltip>
        ))}
      </div>
      <div className="text-ui-fg-muted mt-1 flex justify-between text-xs">
        <span>{bars[0]?.label}</span>
        <span>{bars[bars.length - 1]?.label}</span>
      </div>
    </div>
  )
}

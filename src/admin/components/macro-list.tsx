import { Heading, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Macro } from "../../types/messaging"

/** What clicking a macro inserts: `#NAME#`, or a loop over a list macro's items. */
export function macroSnippet({ name, kind }: Pick<Macro, "name" | "kind">): string {
  return kind === "list" ? `{% for item in ${name} %}{{ item.quantity }}x {{ item.title }} {% endfor %}` : `#${name}#`
}

/** Insert `text` at the textarea's cursor (or replace the selection) and keep the cursor after it. */
export function insertAt(
  el: HTMLTextAreaElement | null,
  current: string,
  text: string
): { value: string; cursor: number } {
  const start = el?.selectionStart ?? current.length
  const end = el?.selectionEnd ?? current.length
  return { value: current.slice(0, start) + text + current.slice(end), cursor: start + text.length }
}

/** The event's macros beside the editor, each with its description and an example; a click inserts it. */
export function MacroList({ macros, onInsert }: { macros: Macro[]; onInsert: (macro: Macro) => void }) {
  const { t } = useTranslation()
  return (
    <aside className="flex min-w-0 flex-col gap-y-2" data-testid="macro-list">
      <Heading level="h3">{t("messaging.editor.macros")}</Heading>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {t("messaging.editor.macrosHint")}
      </Text>
      <div className="flex flex-col divide-y rounded-lg border">
        {macros.map((m) => (
          <button
            key={m.name}
            type="button"
            className="hover:bg-ui-bg-base-hover flex flex-col items-start gap-0.5 px-3 py-2 text-left"
            onClick={() => onInsert(m)}
            data-testid={`macro-${m.name}`}
          >
            <Text size="xsmall" weight="plus" className="font-mono">
              {m.kind === "list" ? m.name : `#${m.name}#`}
            </Text>
            <Text size="xsmall" className="text-ui-fg-subtle">
              {m.description}
            </Text>
            <Text size="xsmall" className="text-ui-fg-muted truncate max-w-full">
              {t("messaging.editor.example", { example: m.example })}
            </Text>
          </button>
        ))}
      </div>
    </aside>
  )
}

import { Badge, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import { apiSend } from "../lib/api"
import type { Counter } from "../../types/messaging"
import { useDebounced } from "../lib/use-debounced"

/** Live counter of a free text (debounced call to the server, which counts exactly like the dispatcher). */
export function useTextCounter(text: string) {
  const debounced = useDebounced(text, 250)
  return useQuery({
    queryKey: ["messaging-counter", debounced],
    queryFn: () => apiSend<{ counter: Counter }>("/text/count", { text: debounced }).then((r) => r.counter),
    placeholderData: (previous) => previous,
    staleTime: 60_000,
  })
}

/** Characters, encoding, SMS parts, characters left, and what transliteration would save. */
export function SmsCounter({
  counter,
  transliterating,
}: {
  counter: Counter | null | undefined
  transliterating?: boolean
}) {
  const { t } = useTranslation()
  if (!counter) return null
  const saved = counter.transliteration.saved_parts
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="sms-counter">
      <Text size="xsmall" className="text-ui-fg-subtle">
        {t("messaging.counter.summary", {
          characters: counter.characters,
          parts: counter.parts,
          left: counter.characters_left_in_part,
        })}
      </Text>
      <Badge size="2xsmall" color={counter.encoding === "GSM-7" ? "green" : "orange"}>
        {counter.encoding}
      </Badge>
      {counter.non_gsm_characters.length > 0 && counter.encoding === "UCS-2" && (
        <Text size="xsmall" className="text-ui-fg-muted truncate">
          {t("messaging.counter.unicode", { chars: counter.non_gsm_characters.slice(0, 5).join(" ") })}
        </Text>
      )}
      {saved > 0 && (
        <Text size="xsmall" className={transliterating ? "text-ui-fg-interactive" : "text-ui-fg-muted"}>
          {transliterating
            ? t("messaging.counter.transliterated", { parts: counter.transliteration.parts })
            : t("messaging.counter.transliterationSaves", { saved, parts: counter.transliteration.parts })}
        </Text>
      )}
    </div>
  )
}

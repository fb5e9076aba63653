/**
 * Admin translations of the plugin, merged by the dashboard into its i18next resources
 * (namespace "translation"); components use `useTranslation()` from react-i18next.
 */
import { en } from "./en"
import { ru } from "./ru"
import { uk } from "./uk"

export default {
  en: { translation: en },
  ru: { translation: ru },
  uk: { translation: uk },
}

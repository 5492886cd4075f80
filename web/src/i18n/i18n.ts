/** The current language and the label lookup. Bahasa Indonesia unless the reader switched. */
import { MESSAGES, type MessageKey } from './messages.js';

export type Language = keyof typeof MESSAGES;

const STORAGE_KEY = 'jamrep.lang';
let current: Language = readStoredLanguage();

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing without storage: the switch still holds for this page.
  }
}

/** The label for `key` in the current language, with `{name}` placeholders replaced. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = MESSAGES[current][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

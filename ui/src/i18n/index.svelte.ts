// The UI's language: English or Simplified Chinese, chosen in Settings (or the OS language).
// Every visible string goes through `t`, so switching the language re-renders it in place.
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey };

/** A language the UI is written in. */
export type Locale = 'en' | 'zh-CN';
/** What Settings offers: a language, or whatever the OS uses. */
export type LocaleChoice = Locale | 'system';

export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
const STORAGE_KEY = 'rdesk.locale';

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The UI language for an OS language tag: Chinese for any `zh` tag, English otherwise. */
export function localeFor(tag: string | undefined): Locale {
  return tag !== undefined && /^zh\b/i.test(tag) ? 'zh-CN' : 'en';
}

function storedChoice(): LocaleChoice {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' || v === 'zh-CN' ? v : 'system';
  } catch {
    return 'system';
  }
}

function osLocale(): Locale {
  return localeFor(globalThis.navigator?.language);
}

const state = $state<{ choice: LocaleChoice }>({ choice: storedChoice() });

/** The language in use and the choice behind it. */
export const i18n = {
  /** The language the UI speaks now. */
  get locale(): Locale {
    return state.choice === 'system' ? osLocale() : state.choice;
  },
  /** The tag `Intl` formats dates and numbers with. */
  get intlLocale(): string {
    return this.locale === 'zh-CN' ? 'zh-CN' : 'en-US';
  },
  get choice(): LocaleChoice {
    return state.choice;
  },
  /** Switches the language (and remembers it on this machine). */
  set choice(value: LocaleChoice) {
    state.choice = value;
    try {
      if (value === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
      else globalThis.localStorage?.setItem(STORAGE_KEY, value);
    } catch {
      // A private or full storage only loses the remembered choice, never the switch itself.
    }
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
  },
};

/** Parameters substituted into `{name}` placeholders. */
export type Params = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; an unknown placeholder stays as written so it is noticed. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** The text of `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[i18n.locale][key] ?? en[key];
  return fill(text, params);
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The singular or plural text for `count` (Chinese uses the same text for both). */
export function plural(count: number, one: MessageKey, other: MessageKey, params?: Params): string {
  const tag = i18n.intlLocale;
  let rules = pluralRules.get(tag);
  if (!rules) {
    // Building the rules costs far more than using them: one per language, kept.
    rules = new Intl.PluralRules(tag);
    pluralRules.set(tag, rules);
  }
  const rule = rules.select(count);
  return t(rule === 'one' ? one : other, { count, ...params });
}

/** The dictionaries, for the completeness test. */
export const dictionaries = DICTIONARIES;

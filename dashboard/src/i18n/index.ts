import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import frenchMessages from 'ra-language-french';
import { resolveBrowserLocale, type TranslationMessages } from 'react-admin';
import { en } from './en';
import { fr } from './fr';

export const LOCALES = [
  { locale: 'en', name: 'English' },
  { locale: 'fr', name: 'Français' },
];

const messages: Record<string, TranslationMessages> = {
  en: { ...englishMessages, ...en } as TranslationMessages,
  fr: { ...frenchMessages, ...fr } as TranslationMessages,
};

export const i18nProvider = polyglotI18nProvider(
  locale => messages[locale] ?? messages.en,
  resolveBrowserLocale('en') === 'fr' ? 'fr' : 'en',
  LOCALES,
  { allowMissing: true },
);

import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
  { code: 'it', label: 'Italiano' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'chatdesk.language';

// English ships with the app (it is also the fallback); the others load when chosen, so
// the first page carries one language, not three.
const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<{ default: typeof en }>> = {
  es: () => import('./locales/es.json'),
  it: () => import('./locales/it.json'),
};

function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  const candidates = [saved, ...(typeof navigator !== 'undefined' ? navigator.languages ?? [] : [])];
  for (const c of candidates) {
    const code = c?.slice(0, 2);
    if (code && LANGUAGES.some((l) => l.code === code)) return code as Language;
  }
  return 'en';
}

/** Loads the language's strings if needed, then switches to it (remembered for next time). */
export async function changeLanguage(language: Language): Promise<void> {
  if (language !== 'en' && !i18n.hasResourceBundle(language, 'translation')) {
    const strings = await LOADERS[language]();
    i18n.addResourceBundle(language, 'translation', strings.default);
  }
  await i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

i18n.on('languageChanged', (lng) => {
  localStorage.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
});

const preferred = initialLanguage();
if (preferred !== 'en') void changeLanguage(preferred);

export default i18n;

import { en } from '../src/i18n/en';
import { fr } from '../src/i18n/fr';

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Server message parameters whose values are English sentences or words, never codes. */
const ENGLISH_PROSE = ['%{what}', '%{problem}', '%{problems}', '%{rule}', '%{where}', '%{subject}', '%{accepted}', '%{part}', '%{reason_text}'];

const placeholders = (text: string) => [...new Set(text.match(/%\{\w+\}/g) ?? [])].sort();

function lookup(messages: object, key: string): string {
  return key.split('.').reduce<any>((node, part) => node[part], messages);
}

describe('English and French', () => {
  it('have the same labels', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
  });

  it('use the same placeholders in each label', () => {
    const mismatched = keys(en).filter(key => {
      const english = placeholders(lookup(en, key));
      const french = placeholders(lookup(fr, key));
      if (!key.startsWith('server.messages.')) return JSON.stringify(english) !== JSON.stringify(french);
      // A server message's parameter that is English prose (a parser's problem, a rule, a place)
      // cannot go into a French sentence: the French may leave it out, and say which fields
      // instead of the English problems (contract/messages.ts `ExtraParams`). Nothing else differs.
      const leftOut = english.filter(p => !french.includes(p));
      const added = french.filter(p => !english.includes(p));
      return leftOut.some(p => !ENGLISH_PROSE.includes(p)) || added.some(p => p !== '%{fields}' || !english.some(e => e.startsWith('%{problem')));
    });
    expect(mismatched).toEqual([]);
  });

  it('leave no label empty', () => {
    expect(keys(fr).filter(key => !lookup(fr, key).trim())).toEqual([]);
  });
});

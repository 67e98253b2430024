import { en } from '../src/i18n/en';
import { fr } from '../src/i18n/fr';

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const placeholders = (text: string) => [...new Set(text.match(/%\{\w+\}/g) ?? [])].sort();

function lookup(messages: object, key: string): string {
  return key.split('.').reduce<any>((node, part) => node[part], messages);
}

describe('English and French', () => {
  it('have the same labels', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
  });

  it('use the same placeholders in each label', () => {
    const mismatched = keys(en).filter(
      key => JSON.stringify(placeholders(lookup(en, key))) !== JSON.stringify(placeholders(lookup(fr, key))),
    );
    expect(mismatched).toEqual([]);
  });

  it('leave no label empty', () => {
    expect(keys(fr).filter(key => !lookup(fr, key).trim())).toEqual([]);
  });
});

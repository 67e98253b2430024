import { changeText } from '../src/reporting/comparison';
import { formatValue, type ValueFormat } from '../src/reporting/format';

const en = (value: unknown, format: ValueFormat) => formatValue(value, format, 'en', (key: string) => key);
const fr = (value: unknown, format: ValueFormat) => formatValue(value, format, 'fr', (key: string) => key);

describe('changeText', () => {
  it('gives the arrow, the signed change and the change in percent', () => {
    expect(changeText({ value: 3, compared: 2, change: 1, change_pct: 50 }, 'number', en)).toBe('▲ +1 (+50%)');
    expect(changeText({ value: 1, compared: 4, change: -3, change_pct: -75 }, 'number', en)).toBe('▼ −3 (−75%)');
    expect(changeText({ value: 1200.5, compared: 1000, change: 200.5, change_pct: 20.1 }, 'money', en)).toBe('▲ +$200.50 (+20.1%)');
  });

  it('leaves out the percent of a change from 0, and says when nothing changed or a side is missing', () => {
    expect(changeText({ value: 2, compared: 0, change: 2, change_pct: null }, 'number', en)).toBe('▲ +2');
    expect(changeText({ value: 2, compared: 2, change: 0, change_pct: 0 }, 'number', en)).toBe('= 0');
    expect(changeText({ value: 2, compared: null, change: null, change_pct: null }, 'number', en)).toBe('—');
    expect(changeText(undefined, 'number', en)).toBe('—');
  });

  it('writes the numbers in the locale', () => {
    expect(changeText({ value: 1.5, compared: 1, change: 0.5, change_pct: 50 }, 'number', fr)).toMatch(/^▲ \+0,5 \(\+50\s?%\)$/);
  });
});

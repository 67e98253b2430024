import { MEASURES } from '../../server/reports/cspMeasures';

/** Each CSP measure's definition is given in French beside the ministry's English, in the same place. */
const measures: readonly { key: string; definition: string; definition_fr: string }[] = MEASURES;

it('gives every CSP measure a French definition of its own', () => {
  const missing = measures.filter((m) => !m.definition_fr || m.definition_fr === m.definition).map((m) => m.key);
  expect(missing).toEqual([]);
  expect(measures.find((m) => m.key === 'discharged_met_goals')!.definition_fr).toMatch(/^Le nombre total d’enfants et de jeunes distincts .* atteint leurs objectifs .*Ce nombre est calculé d’après le statut/);
});

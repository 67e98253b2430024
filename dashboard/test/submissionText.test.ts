import { measureDefinition } from '../src/reports/submissionText';

/** A submitted measure's definition in the reader's language: the French one kept with the submission, else the English. */
const measure = { definition: 'The number of new referrals.', definition_fr: 'Le nombre de nouvelles demandes.' };

it('reads the French definition kept with the submission to a French reader, the English to others', () => {
  expect(measureDefinition(measure, 'fr')).toBe('Le nombre de nouvelles demandes.');
  expect(measureDefinition(measure, 'en')).toBe('The number of new referrals.');
});

it('reads the English to a French reader of a submission made before French definitions were kept', () => {
  expect(measureDefinition({ ...measure, definition_fr: null }, 'fr')).toBe('The number of new referrals.');
});

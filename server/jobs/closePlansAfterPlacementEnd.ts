import { closePlansAfterPlacementEnd } from '../workflows/servicePlans';
import type { JobDefinition } from './types';

export const closePlansAfterPlacementEndJob: JobDefinition = {
  name: 'close-plans-after-placement-end',
  description: 'Closes (placement_ended) every open SHSS plan whose placement ended 10 or more days before the run date',
  run: ({ knex, asOf }) => closePlansAfterPlacementEnd(knex, asOf),
};

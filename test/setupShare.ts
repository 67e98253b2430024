import { shareTheRun } from './helpers/runAlone';

// Each file holds its share of the run for its whole run, or all of it after runsAlone() (test/helpers/runAlone.ts).
shareTheRun();

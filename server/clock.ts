/**
 * "Now" is injected, never read from the wall: the process's entry points (server/index.ts,
 * scripts/) pass `systemClock`, tests a fixed one. The database handle carries the same clock
 * for the rows it writes (server/db/clock.ts).
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

import type { Writable } from 'node:stream';

/**
 * Resolves when `out` can take more data: on 'drain', or at once when it has been closed or
 * destroyed (the client went away), so a writer waiting here never hangs.
 */
export function waitForDrain(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded || !out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

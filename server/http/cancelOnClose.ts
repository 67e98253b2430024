import type { NextFunction, Request, Response } from 'express';
import { whileWanted } from '../db/cancellation';

/**
 * A request whose client goes away before its answer is finished (a page left, a browser
 * closed, a query of the dashboard's cancelled) has its database statements cancelled
 * (server/db/cancellation.ts): a report nobody will read frees its pooled connections at once
 * instead of holding them for seconds in front of the next user's reports. The request log says
 * `request aborted`, status 499 (server/http/requestLog.ts); nothing is answered.
 */
export function cancelOnClose(_req: Request, res: Response, next: NextFunction): void {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  whileWanted(controller.signal, next);
}

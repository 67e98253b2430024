import type { CurrentUser } from '../access/roles';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** set by the authentication middleware on every /api route after sign-in */
      user?: CurrentUser;
      /** this request's id (server/http/requestLog.ts), also sent as `X-Request-Id` */
      id?: string;
    }
    interface Response {
      /** the error a 500 (or a streamed answer) ended with, for the request's log line */
      err?: Error;
    }
  }
}

export {};

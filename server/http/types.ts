import type { CurrentUser } from '../access/roles';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** set by the authentication middleware on every /api route after sign-in */
      user?: CurrentUser;
    }
  }
}

export {};

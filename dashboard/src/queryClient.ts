import { QueryClient } from '@tanstack/react-query';

/**
 * The app's one query cache, handed to <Admin>, so that what the sign-in asks for before the
 * first page is drawn (dashboard/prefetch.ts) is the cache the pages then read.
 */
export const queryClient = new QueryClient();

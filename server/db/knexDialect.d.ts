/** knex's PostgreSQL dialect, which knex ships without its own declaration. */
declare module 'knex/lib/dialects/postgres' {
  import type { Knex } from 'knex';

  const PostgresClient: typeof Knex.Client;
  export default PostgresClient;
}

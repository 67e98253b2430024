import { ROLES, type Role } from '../contract/enums';
import { hashPassword, passwordProblem } from '../server/auth/passwords';
import { loadConfig } from '../server/config';
import { rowTimestamps } from '../server/db/clock';
import { openDatabase } from '../server/db/database';
import { migrateToLatest } from '../server/db/knex';

/** npm run user:create -- --email a@b.c --role system_admin [--name "..."] [--organization-id N] [--password ...]
 *  Without --password it is read from the PASSWORD environment variable. */
function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const email = option('email');
  const role = option('role') as Role | undefined;
  const password = option('password') ?? process.env.PASSWORD;
  const organizationId = option('organization-id');
  if (!email || !role || !ROLES.includes(role)) {
    console.error(`Usage: npm run user:create -- --email <email> --role <${ROLES.join('|')}> [--organization-id N] [--name "Full name"] (password from --password or PASSWORD)`);
    process.exit(2);
  }
  const problem = passwordProblem(password);
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
  const config = loadConfig();
  const database = await openDatabase(config, (line) => console.error(line));
  try {
    await migrateToLatest(database.knex);
    const [user] = await database.knex('users')
      .insert({
        email,
        role,
        full_name: option('name') ?? email,
        organization_id: organizationId ? Number(organizationId) : null,
        password_hash: await hashPassword(password as string),
        active: true,
        ...rowTimestamps(database.knex),
      })
      .returning(['id', 'email', 'role']);
    console.log(`Created user ${user.id} ${user.email} (${user.role})`);
  } catch (error) {
    console.error(`Could not create the user: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

void main();

import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/** scrypt cost; 2^15 takes ~100 ms here. Tests may lower it through PASSWORD_HASH_COST. */
function defaultCost(): number {
  const fromEnv = Number(process.env.PASSWORD_HASH_COST);
  return Number.isInteger(fromEnv) && fromEnv >= 10 && fromEnv <= 20 ? fromEnv : 15;
}

const KEY_LENGTH = 32;

/** Stored as `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` so the parameters can be raised later. */
export async function hashPassword(plain: string, cost = defaultCost()): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = 2 ** cost;
  const key = await scrypt(plain, salt, KEY_LENGTH, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return ['scrypt', cost, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(plain: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  const [scheme, costText, rText, pText, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText) return false;
  const N = 2 ** Number(costText);
  const r = Number(rText);
  const p = Number(pText);
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await scrypt(plain, Buffer.from(saltText, 'base64url'), expected.length, { N, r, p, maxmem: 256 * N * r });
  return crypto.timingSafeEqual(actual, expected);
}

export const PASSWORD_RULE = 'at least 8 characters, with a letter and a digit';

export function passwordProblem(plain: unknown): string | null {
  if (typeof plain !== 'string' || plain.length < 8 || !/[A-Za-z]/.test(plain) || !/\d/.test(plain)) {
    return `The password must be ${PASSWORD_RULE}`;
  }
  return null;
}

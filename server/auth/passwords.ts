import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { say, type Message } from '../messages';

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

interface StoredHash {
  cost: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string | null | undefined): StoredHash | null {
  const [scheme, costText, rText, pText, saltText, keyText] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText || !/^\d+$/.test(costText)) return null;
  return { cost: Number(costText), r: Number(rText), p: Number(pText), salt: Buffer.from(saltText, 'base64url'), key: Buffer.from(keyText, 'base64url') };
}

async function matches(plain: string, hash: StoredHash): Promise<boolean> {
  const N = 2 ** hash.cost;
  const actual = await scrypt(plain, hash.salt, hash.key.length, { N, r: hash.r, p: hash.p, maxmem: 256 * N * hash.r });
  return crypto.timingSafeEqual(actual, hash.key);
}

/** One hash of a random password per cost, made on first use: what an email without a password is checked against. */
const dummyHashes = new Map<number, Promise<StoredHash>>();

function dummyHash(cost: number): Promise<StoredHash> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = hashPassword(crypto.randomBytes(16).toString('base64url'), cost).then((text) => parseHash(text)!);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

/** Makes the dummy hash ahead of the first sign-in, so not even that one takes longer. */
export function prepareDummyHash(): void {
  void dummyHash(defaultCost());
}

/**
 * Checks a password against the account's hash, or, when there is no account or it has no
 * password, against a dummy of the current cost: either way the same scrypt work, so how long
 * a refusal takes does not tell whether the email has an account.
 */
export async function verifyPassword(plain: string, stored: string | null | undefined): Promise<boolean> {
  const hash = parseHash(stored);
  if (hash) return matches(plain, hash);
  await matches(plain, await dummyHash(defaultCost()));
  return false;
}

/** A hash made at another cost than today's is replaced at the next sign-in (and costs the same to check as the dummy). */
export function needsRehash(stored: string | null | undefined): boolean {
  return parseHash(stored)?.cost !== defaultCost();
}

export const PASSWORD_RULE = 'at least 8 characters, with a letter and a digit';

export function passwordProblem(plain: unknown): Message | null {
  if (typeof plain !== 'string' || plain.length < 8 || !/[A-Za-z]/.test(plain) || !/\d/.test(plain)) {
    return say('password_rule', { rule: PASSWORD_RULE });
  }
  return null;
}

import fs from 'node:fs';
import path from 'node:path';
import { MESSAGES } from '../../contract/messages';
import { ERROR_CODES } from '../../server/errors';

/** docs/api.md lists exactly the error codes the server defines, each with its status. */
it('documents every error code with its status, and no other', () => {
  const api = fs.readFileSync(path.resolve(__dirname, '../../docs/api.md'), 'utf8');
  const section = api.slice(api.indexOf('## Errors'), api.indexOf('\n## ', api.indexOf('## Errors') + 1));
  const documented = [...section.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
  const defined = Object.entries(ERROR_CODES).map(([code, { status }]) => [code, status]);
  expect(documented).toEqual(defined);
});

/** Every error code has the message a body falls back to when its own is not coded. */
it('gives every error code a message of the catalogue', () => {
  expect(Object.keys(ERROR_CODES).filter((code) => !(code in MESSAGES))).toEqual([]);
});

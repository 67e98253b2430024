import fc from 'fast-check';
import { refuseMalformedUrls } from '../../server/http/urlGuard';
import { textProblem } from '../../server/wellFormed';

/**
 * refuseMalformedUrls first decodes the whole address in one call and reads it part by part only
 * when that fails. It must refuse exactly the addresses in which some part — the path, or one
 * `key=value` of the query — does not decode to well-formed text (server/wellFormed.ts's rule,
 * tested on its own elsewhere), whatever the parts hold.
 */
function somePartRefused(url: string): boolean {
  const queryStart = url.indexOf('?');
  const parts = queryStart === -1 ? [url] : [url.slice(0, queryStart), ...url.slice(queryStart + 1).split('&')];
  return parts.some((part) => {
    try {
      return textProblem(decodeURIComponent(part.replace(/\+/g, ' '))) !== null;
    } catch {
      return true;
    }
  });
}

function refused(url: string): boolean {
  let passed = false;
  try {
    refuseMalformedUrls({ originalUrl: url } as never, {} as never, () => void (passed = true));
  } catch (error) {
    expect((error as { code?: string }).code).toBe('malformed_url');
    return true;
  }
  expect(passed).toBe(true);
  return false;
}

// Pieces that make escapes valid, truncated, split across `&` or `?`, encoded NULs and surrogates.
const piece = fc.constantFrom(
  '/', 'a', '+', '?', '&', '=', '%', '%2', '%20', '%25', '%2B', '%00', '%E2', '%82', '%AC', '%E2%82%AC',
  '%FF', '%ED%A0%BD', '%F0%9F%98%80', '%C3', '%A9', '\uD83D', '\uDE00', 'é', 'children', '1',
);

it('refuses an address exactly when one of its parts does not decode to well-formed text', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const url = `/api/${pieces.join('')}`;
      expect({ url, refused: refused(url) }).toEqual({ url, refused: somePartRefused(url) });
    }),
    { numRuns: 3000 },
  );
});

it('says where the problem is: the address or the query string', () => {
  const where = (url: string) => {
    try {
      refuseMalformedUrls({ originalUrl: url } as never, {} as never, () => undefined);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
  expect(where('/api/children/%E0%A4%A?q=1')).toMatch(/address/);
  expect(where('/api/children?q=%00')).toMatch(/query string/);
  expect(where('/api/children?q=%E2%82%AC&r=a+b')).toBeNull();
});

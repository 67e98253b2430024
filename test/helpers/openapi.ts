import Ajv2020 from 'ajv/dist/2020';
import type { OpenAPIV3_1 } from 'openapi-types';
import { DECIMALS_KEYWORD } from '../../server/openapi/schemas';
import { addServerFormats } from '../../server/validation';

/**
 * An Ajv for the OpenAPI document's schemas (JSON Schema 2020-12, strict): the server's formats
 * (`date` is a real calendar day), `x-decimals` checked as the server checks money, the
 * document's other `x-` keywords as annotations, and `#/components/schemas/<name>` resolved.
 */
const BASE = 'https://openapi.test/components/';

/** `#/components/schemas/<name>` → an absolute id Ajv resolves from any schema compiled alone. */
export function resolvable<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(resolvable) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema as Record<string, unknown>).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', BASE) : resolvable(value),
    ]),
  ) as T;
}

export function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scale = 10 ** decimals;
  return Number.isFinite(value) && Math.round(value * scale) / scale === value;
}

export function contractAjv(document: OpenAPIV3_1.Document): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, validateFormats: true });
  addServerFormats(ajv as never);
  ajv.addKeyword({ keyword: DECIMALS_KEYWORD, type: 'number', schemaType: 'number', validate: (decimals: number, value: number) => hasAtMostDecimals(value, decimals) });
  for (const keyword of ['x-reference', 'x-enum-by']) ajv.addKeyword({ keyword });
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) ajv.addSchema({ ...resolvable(schema), $id: `${BASE}${name}` });
  const compile = ajv.compile.bind(ajv);
  ajv.compile = ((schema: object) => compile(resolvable(schema))) as typeof ajv.compile;
  return ajv;
}

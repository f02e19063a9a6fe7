import { Ajv, type Options, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldError } from '../errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

// Bodies are taken as sent: a string where a number belongs is an error, not a guess.
const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
// Query strings and paths are text by nature, so their numbers and booleans are coerced.
const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

/** Ajv's findings as field errors that name the field the way a client wrote it. */
export function fieldErrors(errors: ErrorObject[] | null | undefined, part: string | undefined): FieldError[] {
  return (errors ?? []).map((error) => {
    let path = error.instancePath || '';
    if (error.keyword === 'additionalProperties') path += `/${String(error.params.additionalProperty)}`;
    if (error.keyword === 'required') path += `/${String(error.params.missingProperty)}`;
    const where = `${part ?? 'body'}${path}`;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') message = 'is not a known field';
    if (error.keyword === 'required') message = 'is required';
    return { path: where, message };
  });
}

import { Type, type Static } from 'typebox';

/** RFC 9457 problem details, the body of every error answer. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'Stable identifier of the kind of problem, e.g. urn:passerelle:problem:catalog.product_not_found' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'The error code, the last part of `type`' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }, { additionalProperties: true }))),
  },
  { additionalProperties: true, $id: 'Problem' },
);
export type Problem = Static<typeof Problem>;

export function problemType(code: string): string {
  return `urn:passerelle:problem:${code}`;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

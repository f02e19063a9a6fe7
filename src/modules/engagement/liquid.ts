import { Liquid } from 'liquidjs';

/**
 * One Liquid engine for every message: strict about unknown filters (a typo is an error at save
 * time), lenient about missing variables (a profile without a first name still gets the message).
 */
export const liquid = new Liquid({ strictFilters: true, strictVariables: false, ownPropertyOnly: true, cache: 500 });

/** Why this template would not render, or null. Checked when a journey is saved. */
export function liquidProblem(source: string): string | null {
  try {
    liquid.parse(source);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
}

export async function renderLiquid(source: string, scope: Record<string, unknown>): Promise<string> {
  return liquid.parseAndRender(source, scope);
}

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

// Parsed templates by their text: the engine's `cache` option keeps files, not strings, and a
// journey renders the same few texts for every person.
const parsed = new Map<string, ReturnType<Liquid['parse']>>();

export async function renderLiquid(source: string, scope: Record<string, unknown>): Promise<string> {
  let template = parsed.get(source);
  if (!template) {
    template = liquid.parse(source);
    if (parsed.size >= 1_000) parsed.delete(parsed.keys().next().value!);
    parsed.set(source, template);
  }
  return liquid.render(template, scope) as Promise<string>;
}

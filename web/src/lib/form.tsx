import { cloneElement, isValidElement, useCallback, useId, useState, type ReactElement } from 'react';
import { PasserelleApiError } from '../../../sdk/index.js';
import { messageOf } from './client.js';

/** A field's problems keyed by its path in the body (`name`, `address/city`, `openingHours/mon/0/close`). */
export type FieldProblems = Record<string, string>;

/**
 * Runs a form's submit: the problem's `errors` (problem+json) go next to their fields, keyed by
 * their path without the `body/` part; the problem's detail goes under the form.
 */
export function useSubmit(): {
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  error: string | null;
  busy: boolean;
  /** The problems of a field and of anything below it (`openingHours/mon` gets `openingHours/mon/0/close`). */
  fieldError: (path: string) => string | undefined;
} {
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldProblems>({});
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await action();
      return true;
    } catch (e) {
      if (e instanceof PasserelleApiError && e.problem.errors?.length) {
        const byPath: FieldProblems = {};
        for (const { path, message } of e.problem.errors) {
          const key = path.replace(/^body\/?/, '');
          byPath[key] = byPath[key] ? `${byPath[key]}; ${message}` : message;
        }
        setFields(byPath);
      }
      if (e instanceof FormProblem) setFields({ [e.path]: e.message });
      setError(messageOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const fieldError = useCallback(
    (path: string) => {
      const found = Object.entries(fields).filter(([key]) => key === path || key.startsWith(`${path}/`));
      return found.length ? found.map(([key, message]) => (key === path ? message : `${key.slice(path.length + 1)}: ${message}`)).join('; ') : undefined;
    },
    [fields],
  );
  return { run, error, busy, fieldError };
}

/** Thrown by a form's own checks before it sends anything: shown next to the field at `path`. */
export class FormProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A labelled field whose problem (from the server or the form) is shown under it, tied to the
 * control by `aria-describedby` and `aria-invalid`.
 */
export function CheckedField({ label, error, children }: { label: string; error: string | undefined; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const control = isValidElement(children) && error ? cloneElement(children, { 'aria-invalid': true, 'aria-describedby': `${id}-error` }) : children;
  return (
    <div className="field">
      <label className="field-label">
        <span>{label}</span>
        {control}
      </label>
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

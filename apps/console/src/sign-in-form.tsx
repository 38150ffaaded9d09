import { type FormEvent, useId, useState } from "react";
import { type ConsoleApi, ConsoleApiError } from "./console-api";
import type { SessionInfo } from "./console-api-types";

export interface SignInFormProps {
  api: ConsoleApi;
  onSignedIn(info: SessionInfo): void;
}

/** The staff password; the server answers with a session cookie the page never sees (HttpOnly). */
export function SignInForm({ api, onSignedIn }: SignInFormProps) {
  const id = useId();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await api.signIn(password));
    } catch (failure) {
      setError(failure instanceof ConsoleApiError ? failure.message : "Signing in failed.");
      setPassword("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="console sign-in">
      <form
        className="panel"
        onSubmit={(event) => void submit(event)}
        aria-labelledby={`${id}-heading`}
        noValidate
      >
        <p className="eyebrow">timkit console</p>
        <h1 id={`${id}-heading`}>Staff sign-in</h1>
        <div className="field">
          <label htmlFor={`${id}-password`}>Staff password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error && (
            <p className="field-error" id={`${id}-error`} role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

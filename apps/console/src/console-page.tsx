import { useEffect, useState } from "react";
import { type ConsoleApi, ConsoleApiError } from "./console-api";
import type { SessionInfo } from "./console-api-types";
import { ConsoleBanner } from "./console-banner";
import { ReadReceiptConsole } from "./read-receipt-console";
import { SignInForm } from "./sign-in-form";

type State =
  | { kind: "checking" }
  | { kind: "signed-out" }
  | { kind: "signed-in"; info: SessionInfo }
  | { kind: "unreachable"; message: string };

/** The whole page: the sign-in form until there is a session, then the console. */
export function ConsolePage({ api }: { api: ConsoleApi }) {
  const [state, setState] = useState<State>({ kind: "checking" });

  useEffect(() => {
    api.session().then(
      (info) => setState({ kind: "signed-in", info }),
      (error: unknown) =>
        setState(
          error instanceof ConsoleApiError && error.status === 401
            ? { kind: "signed-out" }
            : { kind: "unreachable", message: error instanceof Error ? error.message : String(error) },
        ),
    );
  }, [api]);

  switch (state.kind) {
    case "checking":
      return <main className="console" aria-busy="true" />;
    case "unreachable":
      return (
        <main className="console">
          <ConsoleBanner title="The console server did not answer" detail={state.message} />
        </main>
      );
    case "signed-out":
      return <SignInForm api={api} onSignedIn={(info) => setState({ kind: "signed-in", info })} />;
    case "signed-in":
      return (
        <ReadReceiptConsole
          api={api}
          info={state.info}
          onSignedOut={() => setState({ kind: "signed-out" })}
        />
      );
  }
}

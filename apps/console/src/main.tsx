import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConsoleBanner } from "./console-banner";
import { consoleClient } from "./console-client";
import { loadConsoleConfig, runtimeConfigFile } from "./console-config";
import { ReadReceiptConsole } from "./read-receipt-console";
import { userSigProvider } from "./user-sig-provider";
import "./console.css";

const root = createRoot(document.getElementById("root") as HTMLElement);

try {
  const config = await loadConsoleConfig(new URL(runtimeConfigFile, document.baseURI));
  const client = consoleClient(config, userSigProvider({ url: config.userSigUrl }));
  root.render(
    <StrictMode>
      <ReadReceiptConsole client={client} config={config} />
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <main className="console">
      <ConsoleBanner
        title="The console is not configured correctly"
        detail={error instanceof Error ? error.message : String(error)}
      />
    </main>,
  );
}

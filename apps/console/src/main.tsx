import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { consoleApi } from "./console-api";
import { ConsolePage } from "./console-page";
import "./console.css";

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <ConsolePage api={consoleApi()} />
  </StrictMode>,
);

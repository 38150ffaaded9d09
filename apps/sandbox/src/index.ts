export { type CommandLine, readCommandLine, usage } from "./cli-options.js";
export { exampleCurl, exampleUrl } from "./documented-example.js";
export { redactUserSig } from "./request-log.js";
export { bannerText, type SandboxFacts } from "./sandbox-facts.js";
export { type Sandbox, type SandboxOptions, startSandbox } from "./start-sandbox.js";

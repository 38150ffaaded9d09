import { createTimClient, type TimRetryOptions } from "@timkit/client";
import type { ConsoleConfig } from "./console-config";
import type { ReadReceiptClient } from "./read-receipt-console";

/**
 * The console's one client: the configured server and administrator, and a UserSig provider instead of a
 * secret key, which never reaches the browser.
 *
 * @example
 * const client = consoleClient(config, userSigProvider({ url: config.userSigUrl }));
 */
export function consoleClient(
  config: ConsoleConfig,
  userSig: () => Promise<string>,
  options: { retry?: TimRetryOptions | false } = {},
): ReadReceiptClient {
  return createTimClient({
    sdkAppId: config.sdkAppId,
    identifier: config.identifier,
    baseUrl: config.baseUrl,
    userSig,
    ...options,
  });
}

/** The console could not get a UserSig: the endpoint is down, refused, or answered something else. */
export class UserSigUnavailableError extends Error {
  /** The endpoint that was asked. */
  readonly url: string;

  constructor(url: string, problem: string, options?: { cause?: unknown }) {
    super(`Could not get a UserSig from ${url}: ${problem}`, options);
    this.name = "UserSigUnavailableError";
    this.url = url;
  }
}

export interface UserSigProviderOptions {
  /**
   * The endpoint that answers with the administrator's UserSig: JSON `{ "userSig": "…", "expiresAt": unix
   * seconds (optional) }`, as the sandbox's `/__sandbox/usersig` does, or the UserSig as plain text.
   */
  url: string;
  /** How long one UserSig is reused before the endpoint is asked again (less if it expires). Default 10 minutes. */
  maxAgeMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * A `userSig` provider for `createTimClient` that fetches the administrator's UserSig from an endpoint,
 * shares one request between concurrent callers and reuses the answer for a while. The browser never
 * holds the secret key: in development the endpoint is the sandbox's `/__sandbox/usersig`, in production
 * one of your backend's that signs the staff member in first. Failures are not cached, so the next send
 * asks again.
 *
 * @example
 * const tim = createTimClient({ sdkAppId, identifier, baseUrl, userSig: userSigProvider({ url }) });
 */
export function userSigProvider(options: UserSigProviderOptions): () => Promise<string> {
  const { url, maxAgeMs = 10 * 60_000, now = Date.now } = options;
  const fetchUserSig = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let cached: { userSig: string; reuseUntil: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    let response: Response;
    try {
      response = await fetchUserSig(url, {
        // Same-origin cookies only: a production endpoint next to the console can check who is asking.
        headers: { accept: "application/json, text/plain" },
        cache: "no-store",
      });
    } catch (cause) {
      throw new UserSigUnavailableError(url, "the endpoint could not be reached", { cause });
    }
    if (!response.ok) throw new UserSigUnavailableError(url, `HTTP ${response.status}`);
    const { userSig, expiresAt } = await readUserSig(url, response);
    // Reused for maxAgeMs, but never within a minute of the expiry the endpoint states.
    const expiresAtMs = expiresAt === undefined ? Number.POSITIVE_INFINITY : expiresAt * 1000 - 60_000;
    cached = { userSig, reuseUntil: Math.min(now() + maxAgeMs, expiresAtMs) };
    return userSig;
  }

  return () => {
    if (cached && now() < cached.reuseUntil) return Promise.resolve(cached.userSig);
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

async function readUserSig(
  url: string,
  response: Response,
): Promise<{ userSig: string; expiresAt?: number }> {
  const text = (await response.text()).trim();
  let userSig: unknown = text;
  let expiresAt: unknown;
  if ((response.headers.get("content-type") ?? "").includes("json")) {
    try {
      const body: unknown = JSON.parse(text);
      const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
      userSig = typeof body === "string" ? body : (fields.userSig ?? fields.usersig);
      expiresAt = fields.expiresAt;
    } catch {
      userSig = undefined;
    }
  }
  if (typeof userSig !== "string" || userSig === "" || /\s/.test(userSig)) {
    // The answer itself is never quoted: it might be a credential in an unexpected shape.
    throw new UserSigUnavailableError(url, "the answer holds no UserSig");
  }
  return typeof expiresAt === "number" && Number.isFinite(expiresAt) ? { userSig, expiresAt } : { userSig };
}

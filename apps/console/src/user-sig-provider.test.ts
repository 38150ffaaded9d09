import { describe, expect, it } from "vitest";
import { UserSigUnavailableError, userSigProvider } from "./user-sig-provider";

const url = "http://127.0.0.1:4010/__sandbox/usersig";

function endpoint(...answers: Array<() => Response>) {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    calls.push(String(input));
    const next = answers.shift();
    if (!next) throw new TypeError("fetch failed");
    return next();
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const json = (body: unknown) => () => Response.json(body);

describe("userSigProvider", () => {
  it("reads the UserSig from a JSON answer or a plain-text one", async () => {
    expect(await userSigProvider({ url, ...endpoint(json({ userSig: "eJw-json" })) })()).toBe("eJw-json");
    const text = endpoint(() => new Response("eJw-text\n", { headers: { "content-type": "text/plain" } }));
    expect(await userSigProvider({ url, fetch: text.fetch })()).toBe("eJw-text");
  });

  it("asks once for concurrent callers and reuses the UserSig until it is old", async () => {
    let now = 0;
    const { calls, fetch } = endpoint(json({ userSig: "first" }), json({ userSig: "second" }));
    const provider = userSigProvider({ url, fetch, maxAgeMs: 1000, now: () => now });
    expect(await Promise.all([provider(), provider()])).toEqual(["first", "first"]);
    now = 999;
    expect(await provider()).toBe("first");
    now = 1000;
    expect(await provider()).toBe("second");
    expect(calls).toEqual([url, url]);
  });

  it("asks again a minute before the expiry the endpoint states", async () => {
    let now = 1_000_000;
    const { calls, fetch } = endpoint(
      json({ userSig: "short-lived", expiresAt: 1_000_000 / 1000 + 90 }),
      json({ userSig: "renewed" }),
    );
    const provider = userSigProvider({ url, fetch, now: () => now });
    expect(await provider()).toBe("short-lived");
    now += 29_999;
    expect(await provider()).toBe("short-lived");
    now += 1;
    expect(await provider()).toBe("renewed");
    expect(calls).toHaveLength(2);
  });

  it("does not cache a failure: the next call asks again", async () => {
    const { fetch } = endpoint(() => new Response("", { status: 503 }), json({ userSig: "later" }));
    const provider = userSigProvider({ url, fetch });
    await expect(provider()).rejects.toThrow(`Could not get a UserSig from ${url}: HTTP 503`);
    expect(await provider()).toBe("later");
  });

  it("says the endpoint could not be reached, or that its answer held no UserSig, without quoting it", async () => {
    const unreachable = userSigProvider({ url, ...endpoint() });
    await expect(unreachable()).rejects.toThrow(UserSigUnavailableError);
    await expect(unreachable()).rejects.toThrow(/could not be reached/);
    const odd = userSigProvider({ url, ...endpoint(json({ token: "secret-shaped" })) });
    await expect(odd()).rejects.toMatchObject({
      message: `Could not get a UserSig from ${url}: the answer holds no UserSig`,
    });
  });
});

import { describe, expect, it } from "vitest";
import { batchedLines, formatRequestLine, redactUserSig, redactUserSigsIn } from "../src/request-log.js";

describe("request logs", () => {
  it("redact every usersig parameter, whatever its case or position", () => {
    expect(redactUserSig("/v4/x?usersig=abc&random=1")).toBe("/v4/x?usersig=REDACTED&random=1");
    expect(redactUserSig("/v4/x?a=1&UserSig=abc&usersig=def")).toBe(
      "/v4/x?a=1&UserSig=REDACTED&usersig=REDACTED",
    );
    expect(redactUserSig("/v4/x?notusersig=keep")).toBe("/v4/x?notusersig=keep");
  });

  it("redact a usersig under any spelling the query parser decodes to it, repeated ones included", () => {
    expect(redactUserSig("/v4/x?%75sersig=abc&random=1")).toBe("/v4/x?%75sersig=REDACTED&random=1");
    expect(redactUserSig("/v4/x?user%73ig=abc&user%53IG=def&%55%53%45%52%53%49%47=ghi")).toBe(
      "/v4/x?user%73ig=REDACTED&user%53IG=REDACTED&%55%53%45%52%53%49%47=REDACTED",
    );
    expect(redactUserSig("/v4/x?usersig=a&usersig=b&usersig=c")).toBe(
      "/v4/x?usersig=REDACTED&usersig=REDACTED&usersig=REDACTED",
    );
    // A value with "=" in it is redacted whole; a fragment is no hiding place either.
    expect(redactUserSig("/v4/x?usersig=a=b&x=1#usersig=c")).toBe(
      "/v4/x?usersig=REDACTED&x=1#usersig=REDACTED",
    );
    // Names the parser reads as something else are left alone.
    expect(redactUserSig("/v4/x?user+sig=keep&%2575sersig=keep&usersig2=keep")).toBe(
      "/v4/x?user+sig=keep&%2575sersig=keep&usersig2=keep",
    );
  });

  it("redact a request's UserSigs from error text, as sent and as decoded", () => {
    const target = "/v4/x?%75sersig=eAE%2Babc*def&usersig=second-one";
    const text = `failed on ${target}: eAE+abc*def was refused, and second-one too`;
    expect(redactUserSigsIn(text, target)).toBe(
      "failed on /v4/x?%75sersig=REDACTED&usersig=REDACTED: REDACTED was refused, and REDACTED too",
    );
  });

  it("cannot be forged with control characters in the target", () => {
    const line = formatRequestLine({ method: "GET", target: "/a\nfake line", status: 200, milliseconds: 1 });
    expect(line).not.toContain("\n");
  });

  it("write the lines of one event-loop turn in one write", async () => {
    const writes: string[] = [];
    const lines = batchedLines((text) => writes.push(text));
    lines.log("one");
    lines.log("two");
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(["one\ntwo\n"]);
    lines.log("three");
    lines.flush();
    expect(writes).toEqual(["one\ntwo\n", "three\n"]);
  });
});

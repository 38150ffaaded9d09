import { describe, expect, it } from "vitest";
import { batchedLines, formatRequestLine, redactUserSig } from "../src/request-log.js";

describe("request logs", () => {
  it("redact every usersig parameter, whatever its case or position", () => {
    expect(redactUserSig("/v4/x?usersig=abc&random=1")).toBe("/v4/x?usersig=REDACTED&random=1");
    expect(redactUserSig("/v4/x?a=1&UserSig=abc&usersig=def")).toBe(
      "/v4/x?a=1&UserSig=REDACTED&usersig=REDACTED",
    );
    expect(redactUserSig("/v4/x?notusersig=keep")).toBe("/v4/x?notusersig=keep");
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

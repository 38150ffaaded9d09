import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerJson, copyJson, withJsonText } from "../src/json-text.js";

describe("answers with JSON text made once", () => {
  it("serialise exactly as JSON.stringify does, whichever items carry their text", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.dictionary(fc.string(), fc.jsonValue())),
        fc.array(fc.boolean()),
        (envelope, items, marks) => {
          const list = items.map((item, index) => (marks[index] ? withJsonText({ ...item }) : item));
          const answer = { ...envelope, ErrorCode: 0, MsgList: list };
          expect(answerJson(answer)).toBe(JSON.stringify(answer));
        },
      ),
    );
  });

  it("leave out keys without JSON and write items without JSON as null, as JSON.stringify does", () => {
    const answer = { a: undefined, MsgList: [withJsonText({ b: 1 }), undefined], c: () => 1 };
    expect(answerJson(answer)).toBe(JSON.stringify(answer));
  });

  it("use the text made once, not the value's later state", () => {
    const item = withJsonText({ IsPeerRead: 0 });
    item.IsPeerRead = 1;
    expect(answerJson({ MsgList: [item] })).toBe('{"MsgList":[{"IsPeerRead":0}]}');
  });
});

describe("copyJson", () => {
  it("copies JSON data into an equal value that shares no object with it", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = copyJson(value);
        expect(copy).toStrictEqual(value);
        if (typeof value === "object" && value !== null) expect(copy).not.toBe(value);
      }),
    );
  });

  it("keeps an own __proto__ key as a property, not as the copy's prototype", () => {
    const copy = copyJson(JSON.parse('{"__proto__":{"polluted":1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__"]);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":1}}');
  });
});

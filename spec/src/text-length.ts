/**
 * The UTF-8 length of a string, counted without encoding it: what TextEncoder (and so `fetch`) sends. A lone
 * surrogate counts as the three bytes of U+FFFD, which is what it is sent as. The one UTF-8 counter of
 * timkit: the request validators (`x-timkit-max-bytes`), the client's body limit and the mock's UserIDs.
 *
 * @example
 * utf8ByteLength("é") // → 2
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 2 code units, 4 bytes
      i++;
    } else bytes += 2; // 3 bytes, a lone surrogate included
  }
  return bytes;
}

/**
 * The length of a string in Unicode code points, as JSON Schema's `minLength` and `maxLength` count it
 * (a surrogate pair is one character). The request validators use it in place of Ajv's own helper.
 *
 * @example
 * codePointLength("😀") // → 1
 */
export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    length++;
  }
  return length;
}

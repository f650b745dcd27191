const encoder = new TextEncoder();
let scratch = new Uint8Array(4096);

/**
 * UTF-8 bytes of `text` as a view into a reused buffer (valid until the next call): TextEncoder's
 * `encodeInto` without allocating a new array per field, which matters at a million credentials. An
 * unpaired surrogate becomes U+FFFD, as with TextEncoder (the digest refuses them earlier).
 */
export function utf8Scratch(text: string): Uint8Array {
  if (scratch.length < 3 * text.length) scratch = new Uint8Array(Math.max(6 * text.length, 4096));
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

let scratch = new Uint8Array(4096);

/**
 * UTF-8 bytes of `text` as a view into a reused buffer (valid until the next call). Several times
 * faster than TextEncoder.encode for the short strings of field hashing, which matters at a million
 * credentials. An unpaired surrogate becomes U+FFFD, as with TextEncoder (the digest refuses them earlier).
 */
export function utf8Scratch(text: string): Uint8Array {
  const n = text.length;
  if (scratch.length < 3 * n) scratch = new Uint8Array(Math.max(6 * n, 4096));
  const out = scratch;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[p++] = c;
    else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[p++] = 0xf0 | (cp >> 18);
        out[p++] = 0x80 | ((cp >> 12) & 63);
        out[p++] = 0x80 | ((cp >> 6) & 63);
        out[p++] = 0x80 | (cp & 63);
        i++;
      } else {
        out[p++] = 0xef;
        out[p++] = 0xbf;
        out[p++] = 0xbd;
      }
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    }
  }
  return out.subarray(0, p);
}

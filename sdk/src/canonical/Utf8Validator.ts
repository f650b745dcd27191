/**
 * Checks bytes for UTF-8 as they stream by and keeps the line and column of the next byte, so that a
 * reader can report the first byte that is not UTF-8 (`file:line:column`) instead of decoding it
 * silently as U+FFFD. Strict RFC 3629: shortest forms only, no UTF-16 surrogates, nothing above
 * U+10FFFF. Browser-safe.
 *
 * @example
 * const utf8 = new Utf8Validator();
 * for (const chunk of chunks) if (!utf8.feed(chunk)) throw new Error(`not UTF-8 at ${utf8.line}:${utf8.column}`);
 * if (!utf8.end()) throw new Error(`a character is cut short at ${utf8.line}:${utf8.column}`);
 */
export class Utf8Validator {
  /** 1-based line of the next byte (after a failure: of the first bad byte). */
  line = 1;
  /** 1-based column, in UTF-16 code units as JavaScript and the JSON parser count them. */
  column = 1;
  private need = 0;
  private leadColumn = 1;
  private lower = 0x80;
  private upper = 0xbf;

  /** Takes the next bytes; false when they hold a byte that is not UTF-8 (line and column then point at it). */
  feed(chunk: Uint8Array): boolean {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.need > 0) {
        if (byte < this.lower || byte > this.upper) {
          this.column = this.leadColumn; // point at the character the bad byte belongs to
          return false;
        }
        this.lower = 0x80;
        this.upper = 0xbf;
        this.need--;
        continue;
      }
      if (byte < 0x80) {
        if (byte === 0x0a) {
          this.line++;
          this.column = 1;
        } else this.column++;
        continue;
      }
      if (byte >= 0xc2 && byte <= 0xdf) this.need = 1;
      else if (byte >= 0xe0 && byte <= 0xef) {
        this.need = 2;
        if (byte === 0xe0) this.lower = 0xa0; // no overlong forms
        if (byte === 0xed) this.upper = 0x9f; // no UTF-16 surrogates
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        this.need = 3;
        if (byte === 0xf0) this.lower = 0x90; // no overlong forms
        if (byte === 0xf4) this.upper = 0x8f; // nothing above U+10FFFF
      } else return false;
      this.leadColumn = this.column;
      this.column += this.need === 3 ? 2 : 1; // a 4-byte character is two UTF-16 code units
    }
    return true;
  }

  /** At the end of the input: false when it ends inside a character. */
  end(): boolean {
    if (this.need === 0) return true;
    this.column = this.leadColumn;
    return false;
  }
}

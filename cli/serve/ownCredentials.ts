/**
 * Which credentials of a split verify-batch body the request's thread verifies itself (verifier.ts,
 * verifyBody): those whose bytes may need the service's own DID-document resolver or a stack's
 * components, found by words in their bytes, without parsing them.
 */
import { EDDSA_RDFC_2022 } from "../../sdk/src/node";
import type { SplitBatchBody } from "./splitBatchBody";

/**
 * A word searched in the body, and the part of it searched first (`probe`, at `offset` in the word):
 * Buffer#indexOf finds a needle fastest when its first byte is rare in the text, and the words'
 * own first bytes (`e`, `C`) are common in credentials.
 */
interface OwnWord {
  word: Buffer;
  probe: Buffer;
  offset: number;
}

const ownWord = (word: string, probe: string): OwnWord => ({
  word: Buffer.from(word),
  probe: Buffer.from(probe),
  offset: word.indexOf(probe),
});

/** The issuer signature's cryptosuite, a stack, and any `\u` escape (which could spell either). */
export const OWN_WORDS: readonly OwnWord[] = [
  ownWord(EDDSA_RDFC_2022, "-rdfc-"),
  ownWord("ClrCredential", "Clr"),
  ownWord("\\u", "\\u"),
];

/**
 * Which credentials of `body` the request's thread verifies (1): those whose bytes hold one of
 * OWN_WORDS. Each word is searched once in the whole body, not once per credential; a word is ASCII,
 * so its bytes are found only where its text is, and it holds no `,` `[` `]` `{` `}`, so it never
 * straddles two credentials.
 *
 * @example
 * ownCredentials(splitBatchBody(Buffer.from('{"verifiableCredentials":[{"type":"ClrCredential"},{"a":1}]}'))!)
 * // Uint8Array [1, 0]
 */
export function ownCredentials(body: Pick<SplitBatchBody, "bytes" | "starts" | "ends">): Uint8Array {
  const { bytes, starts, ends } = body;
  const own = new Uint8Array(starts.length);
  for (const word of OWN_WORDS) {
    let k = 0;
    for (let at = indexOfWord(bytes, word, starts[0] ?? 0); at >= 0 && k < starts.length;) {
      while (k < starts.length && ends[k] <= at) k++;
      if (k === starts.length) break;
      if (at >= starts[k]) {
        own[k] = 1;
        at = indexOfWord(bytes, word, ends[k]);
      } else at = indexOfWord(bytes, word, starts[k]);
    }
  }
  return own;
}

/** Where `word` first starts in `bytes` at or after `from`, -1 when nowhere (bytes.indexOf(word.word, from), found by its probe). */
function indexOfWord(bytes: Buffer, { word, probe, offset }: OwnWord, from: number): number {
  for (let p = bytes.indexOf(probe, from + offset); p >= 0; p = bytes.indexOf(probe, p + 1)) {
    const start = p - offset;
    if (start + word.length > bytes.length) return -1;
    if (bytes.compare(word, 0, word.length, start, start + word.length) === 0) return start;
  }
  return -1;
}

import { keccak_256 } from "@noble/hashes/sha3";
import { createKeccak, type IHasher } from "hash-wasm";

let wasmHasher: IHasher | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the WebAssembly keccak (hash-wasm), several times faster than the pure-JavaScript fallback.
 * Optional: `keccak256` works before it resolves, only slower. Safe to call many times.
 *
 * @example
 * await initKeccak();
 * keccak256(new Uint8Array(64));
 */
export function initKeccak(): Promise<void> {
  loading ??= createKeccak(256).then(
    (hasher) => {
      wasmHasher = hasher;
    },
    () => {
      // No WebAssembly (a locked-down page, say): the JavaScript fallback keeps working.
    },
  );
  return loading;
}

/**
 * keccak256 of `data`, as 32 bytes.
 *
 * @example
 * keccak256(new TextEncoder().encode("abc"))
 */
export function keccak256(data: Uint8Array): Uint8Array {
  if (!wasmHasher) return keccak_256(data);
  wasmHasher.init();
  wasmHasher.update(data);
  return wasmHasher.digest("binary");
}

/** An `Io` for tests: captured stdout and stderr, a given environment and working directory. */
import { memoryStream, type Io, type MemoryStream } from "./io";

export interface TestIo extends Io {
  stdout: MemoryStream;
  stderr: MemoryStream;
}

/**
 * @example
 * const io = testIo({ cwd: dir, env: { CREDANCHOR_PRIVATE_KEY: key } });
 * await init({}, io);
 * io.stdout.text();
 */
export function testIo(overrides: Partial<Omit<Io, "stdout" | "stderr">> & { tty?: boolean } = {}): TestIo {
  const { tty, ...rest } = overrides;
  return {
    env: {},
    cwd: process.cwd(),
    ...rest,
    stdout: memoryStream({ isTTY: tty }),
    stderr: memoryStream({ isTTY: tty, columns: 80 }),
  };
}

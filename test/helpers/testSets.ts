/**
 * The test files that must run alone: `npm run test:serial` runs them after the parallel set, and the
 * parallel set leaves them out (hardhat.config.ts). A file that writes into the repository outside .tmp/
 * or binds a fixed port goes here. Kept apart from hardhat.config.ts so that scripts/testSerial.ts can
 * read it without starting Hardhat.
 */
export const SERIAL_TESTS: readonly string[] = [
  // None today: test/system/pack.test.ts packs with --ignore-scripts, so it no longer rebuilds dist/ under
  // the other files.
];

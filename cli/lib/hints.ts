/** The "Next:" lines commands print after they succeed, so a newcomer always knows the next step. */

function networkFlag(network: string): string {
  return network === "localhost" ? "--network localhost" : `--network ${network}`;
}

export const COMMANDS_HINT = {
  afterDeploy: (network: string) =>
    `Next: credanchor issue --template TEMPLATE.json --recipients LEARNERS.csv --out batch-1\n      credanchor anchor batch-1 ${networkFlag(network)}`,
  afterIssue: (dir: string) => `Next: credanchor anchor ${dir} --network NAME   (or --dry-run first, to see the cost)`,
  afterAnchor: (dir: string) => `Next: credanchor verify ${dir}`,
};

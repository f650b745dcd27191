/** The verification fixtures' own test: a batch built with its anchor is the batch anchored afterwards. */
import { expect } from "chai";
import type { AnchorRecord, Hex } from "../../sdk/src/types";
import { entryOf } from "../fixtures/samples";
import { buildTestBatch, withAnchor } from "./verifyFixtures";

describe("buildTestBatch", function () {
  const anchorOf = (root: Hex): AnchorRecord => ({
    chain: "eip155:31337",
    registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    transactionHash: root,
    blockNumber: 7,
    anchoredAt: "2025-01-02T03:04:05Z",
  });

  it("with `anchor`, asks for the record once with the root and gives the credentials withAnchor would give", async function () {
    const roots: Hex[] = [];
    const anchored = await buildTestBatch(5, {
      anchor: (root) => {
        roots.push(root);
        return Promise.resolve(anchorOf(root));
      },
    });
    expect(roots).to.deep.equal([anchored.root]);
    const record = anchorOf(anchored.root);
    for (const credential of anchored.credentials) {
      expect(entryOf(credential).anchor).to.deep.equal(record);
      expect(entryOf(credential).root).to.equal(anchored.root);
      expect(JSON.stringify(withAnchor(credential, record))).to.equal(JSON.stringify(credential));
    }
    const plain = await buildTestBatch(2);
    expect(plain.credentials.map((c) => entryOf(c).anchor)).to.deep.equal([undefined, undefined]);
  });
});

// The release that `pnpm run version` would make now: what .changeset/ and its config say, read by
// changesets' own planner (the one `changeset version` runs).
import getReleasePlan from "@changesets/get-release-plan";
import { describe, expect, it } from "vitest";
import { publicPackages, workspaceRoot } from "./workspace-packages.js";

describe("the pending release", () => {
  it("releases every public package at 0.1.0, and no private one", async () => {
    const plan = await getReleasePlan(workspaceRoot);
    const publics = (await publicPackages()).map((pkg) => pkg.manifest.name).sort();
    const releases = plan.releases
      .filter((release) => release.type !== "none")
      .map((release) => ({ name: release.name, from: release.oldVersion, to: release.newVersion }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(releases).toEqual(publics.map((name) => ({ name, from: "0.0.0", to: "0.1.0" })));
  });
});

import assert from "node:assert/strict";
import test from "node:test";
import { safeNextPath } from "./next-path";

test("safeNextPath keeps same-site paths and refuses everything else", () => {
  assert.equal(safeNextPath("/agents/demo?tab=chat"), "/agents/demo?tab=chat");
  for (const bad of [
    null,
    "",
    "https://evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "agents",
    "/x\nLocation: y",
    "/sign-in?next=/a",
    "/setup",
  ]) {
    assert.equal(safeNextPath(bad), "/agents", String(bad));
  }
});

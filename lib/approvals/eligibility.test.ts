// The eligibility rules with groups and delegation: a group names its members only; a delegate decides for an
// eligible approver who has not been counted, never for themselves twice; the run's starter never decides through a
// delegation when self-approval is off.

import assert from "node:assert/strict";
import test from "node:test";
import { deciderFor, isNamedApprover, type Viewer } from "./eligibility";

const alice = { userId: "a", email: "alice@example.com", role: "user", groups: ["release-managers"] };
const rules = (over: Partial<Parameters<typeof deciderFor>[0]> = {}) => ({
  id: "ap1",
  approvers: ["group:release-managers"],
  allowSelfApproval: false,
  startedById: "s",
  decisions: [],
  ...over,
});

test("group:<name> names the group's members and no one else", () => {
  assert.equal(isNamedApprover(["group:release-managers"], alice), true);
  assert.equal(isNamedApprover(["group:release-managers"], { ...alice, groups: ["ops"] }), false);
  assert.equal(isNamedApprover(["group:release-managers"], { email: "x@example.com", role: "user" }), false);
  assert.equal(isNamedApprover(["group:release"], alice), false, "not a prefix match");
});

test("a delegate decides for the approver who handed them this approval, or all theirs", () => {
  const bob: Viewer = {
    userId: "b",
    email: "bob@example.com",
    role: "user",
    delegators: [{ ...alice, approvalId: "ap1" }],
  };
  assert.deepEqual(deciderFor(rules(), bob), { ok: true, onBehalfOf: bob.delegators![0] });
  const other: Viewer = { ...bob, delegators: [{ ...alice, approvalId: "ap2" }] };
  assert.equal(deciderFor(rules(), other).ok, false, "a hand-over of another approval");
  const period: Viewer = { ...bob, delegators: [{ ...alice, approvalId: null }] };
  assert.equal(deciderFor(rules(), period).ok, true);
});

test("one person counts once, whoever decided for them", () => {
  const bob: Viewer = {
    userId: "b",
    email: "bob@example.com",
    role: "user",
    delegators: [{ ...alice, approvalId: null }],
  };
  assert.equal(deciderFor(rules({ decisions: [{ userId: "a" }] }), bob).ok, false, "alice decided herself");
  assert.equal(
    deciderFor(rules({ decisions: [{ userId: "c", onBehalfOfId: "a" }] }), bob).ok,
    false,
    "another delegate decided for her",
  );
  const forMe = deciderFor(rules({ decisions: [{ userId: "b", onBehalfOfId: "a" }] }), alice);
  assert.deepEqual(forMe, { ok: false, reason: "Someone you delegated to already decided for you" });
});

test("the run's starter does not decide through a delegation when self-approval is off", () => {
  const starter: Viewer = {
    userId: "s",
    email: "s@example.com",
    role: "user",
    delegators: [{ ...alice, approvalId: null }],
  };
  assert.equal(deciderFor(rules(), starter).ok, false);
  assert.equal(deciderFor(rules({ allowSelfApproval: true }), starter).ok, true);
});

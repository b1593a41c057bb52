// Delegation with the real worker: an approver hands one approval (or all theirs for a period) to someone, who then
// sees it in their inbox, hears of it, and decides as if named; the decision records whom it was for and counts once
// for that person. Only an eligible approver who has not decided may delegate, never to themselves; revoking ends it.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("approval-delegation");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const { db } = await import("@/lib/db");
const delegateRoute = await import("@/app/api/approvals/[id]/delegate/route");
const delegationsRoute = await import("@/app/api/delegations/route");
const delegationRoute = await import("@/app/api/delegations/[id]/route");
const approvalsRoute = await import("@/app/api/approvals/route");
const approvalRoute = await import("@/app/api/approvals/[id]/route");
const auditRoute = await import("@/app/api/audit/route");

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const alice = await createTestUser("user");
const bob = await createTestUser("user");
const carol = await createTestUser("user");
const bobSocket = await p.connectSocket(bob);
after(async () => {
  bobSocket.close();
  await stack.stop();
});

async function waitFor(check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail("the event did not arrive");
    await p.sleep(20);
  }
}

let n = 0;
async function pending(approvers: string[], required = 1) {
  n += 1;
  const proc = await p.createProcess(
    admin,
    `name: delegation-${n}
steps:
  - id: review
    type: human_approval
    title: "Review {{input.item}}"
    approvers: [${approvers.join(", ")}]
    required_approvals: ${required}
`,
  );
  const run = await p.startRun(starter, proc.id, { item: `item-${n}` });
  return { run, approval: await p.pendingApproval(starter, run.id, "review") };
}

const delegate = (user: { token: string }, id: string, to: string) =>
  call(delegateRoute, "POST", `/api/approvals/${id}/delegate`, { token: user.token, params: { id }, body: { to } });
const get = (user: { token: string }, id: string) =>
  call(approvalRoute, "GET", `/api/approvals/${id}`, { token: user.token, params: { id } });
const inbox = async (user: { token: string }) =>
  (await call(approvalsRoute, "GET", "/api/approvals", { token: user.token })).body as {
    approvals: { id: string; canDecide: boolean }[];
    pendingCount: number;
  };

test("one approval handed to bob: he sees it, hears of it, decides for alice; it is recorded and shown as for her", async () => {
  const { run, approval } = await pending([alice.email]);
  assert.equal((await get(bob, approval.id)).status, 403, "not his before the hand-over");

  const res = await delegate(alice, approval.id, bob.email);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.delegation.to.email, bob.email);
  assert.equal(res.body.delegation.approval.id, approval.id);
  assert.equal(res.body.delegation.active, true);

  const listed = await inbox(bob);
  assert.ok(listed.approvals.some((a) => a.id === approval.id && a.canDecide));
  assert.ok(listed.pendingCount >= 1);
  await waitFor(() =>
    bobSocket.received.some((e) => e.name === "approval_required" && e.payload.approvalId === approval.id),
  );

  const decided = await p.decide(bob, approval.id, "approve", "for alice, who is away");
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  assert.equal(decided.body.approval.status, "approved");
  const [d] = decided.body.approval.decisions;
  assert.equal(d.user.email, bob.email);
  assert.equal(d.onBehalfOf.email, alice.email);
  const done = await p.waitForRun(starter, run.id, "completed");
  const step = done.steps.find((s: { stepId: string }) => s.stepId === "review");
  assert.match(step.output, new RegExp(`${bob.email} for ${alice.email}: approve`));

  const again = await p.decide(alice, approval.id, "reject");
  assert.equal(again.status, 409, "alice was counted through bob");
});

test("one person counts once: after a delegate decided for alice she cannot decide again, and with a quorum of two the delegate's vote is alice's", async () => {
  const { approval } = await pending([alice.email, carol.email], 2);
  assert.equal((await delegate(alice, approval.id, bob.email)).status, 201);
  assert.equal((await p.decide(bob, approval.id, "approve")).status, 200);
  const selfAgain = await p.decide(alice, approval.id, "approve");
  assert.equal(selfAgain.status, 409);
  assert.match(selfAgain.body.error.message, /already decided for you/);
  assert.equal(
    (await get(alice, approval.id)).body.approval.status,
    "pending",
    "one person, one vote of the two needed",
  );
  const last = await p.decide(carol, approval.id, "approve");
  assert.equal(last.body.approval.status, "approved");
  assert.equal(last.body.approval.approveCount, 2);
});

test("when alice decided first, her delegate's decision is refused", async () => {
  const { approval } = await pending([alice.email, carol.email], 2);
  assert.equal((await delegate(alice, approval.id, bob.email)).status, 201);
  assert.equal((await p.decide(alice, approval.id, "approve")).status, 200);
  const res = await p.decide(bob, approval.id, "approve");
  assert.ok([403, 409].includes(res.status), JSON.stringify(res.body));
  assert.equal(await db.approvalDecision.count({ where: { approvalId: approval.id } }), 1);
});

test("only an eligible approver who has not decided may delegate; not to themselves, not to nobody", async () => {
  const { approval } = await pending([alice.email]);
  assert.equal((await delegate(carol, approval.id, bob.email)).status, 403, "carol is not an approver");
  const self = await delegate(alice, approval.id, alice.email);
  assert.equal(self.status, 400);
  assert.equal(self.body.error.details[0].field, "to");
  const nobody = await delegate(alice, approval.id, "nobody@example.com");
  assert.equal(nobody.status, 400);
  assert.equal((await delegate(alice, "c0000000000000000000000000", bob.email)).status, 404);
  assert.equal((await p.decide(alice, approval.id, "approve")).status, 200);
  assert.equal((await delegate(alice, approval.id, bob.email)).status, 409, "decided and closed");
  assert.equal(await db.approvalDelegation.count({ where: { approvalId: approval.id } }), 0);
});

test("all of alice's approvals for a period go to carol, also ones created later; revoking ends it", async () => {
  const res = await call(delegationsRoute, "POST", "/api/delegations", {
    token: alice.token,
    body: { to: carol.email, endsAt: new Date(Date.now() + 3600_000).toISOString() },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const delegationId = res.body.delegation.id;
  assert.equal(res.body.delegation.approval, null);

  const { approval } = await pending([alice.email]);
  const seen = await inbox(carol);
  assert.ok(seen.approvals.some((a) => a.id === approval.id && a.canDecide));
  const decided = await p.decide(carol, approval.id, "reject", "not now");
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  assert.equal(decided.body.approval.decisions[0].onBehalfOf.email, alice.email);

  const mine = await call(delegationsRoute, "GET", "/api/delegations", { token: alice.token });
  assert.ok(mine.body.given.some((d: { id: string }) => d.id === delegationId));
  const theirs = await call(delegationsRoute, "GET", "/api/delegations", { token: carol.token });
  assert.ok(theirs.body.received.some((d: { id: string }) => d.id === delegationId));

  assert.equal(
    (await call(delegationRoute, "DELETE", "/", { token: carol.token, params: { id: delegationId } })).status,
    403,
    "only who gave it",
  );
  const revoked = await call(delegationRoute, "DELETE", "/", { token: alice.token, params: { id: delegationId } });
  assert.equal(revoked.status, 200);
  assert.equal(revoked.body.delegation.active, false);
  assert.equal(
    (await call(delegationRoute, "DELETE", "/", { token: alice.token, params: { id: delegationId } })).status,
    409,
  );

  const { approval: later } = await pending([alice.email]);
  assert.equal((await p.decide(carol, later.id, "approve")).status, 403, "the hand-over has ended");
  assert.equal((await get(carol, later.id)).status, 403);

  // The hand-over and its end are in the audit log, once each.
  const audit = await call(auditRoute, "GET", "/api/audit?targetType=delegation", { token: admin.token });
  const entries = audit.body.entries.filter((e: { target: { id: string } }) => e.target.id === delegationId);
  assert.deepEqual(
    entries.map((e: { action: string; actor: { label: string } }) => `${e.action} by ${e.actor.label}`).reverse(),
    [`delegation.created by ${alice.email} (token tests)`, `delegation.revoked by ${alice.email} (token tests)`],
  );
});

test("a period that has not begun or has ended hands nothing over; bad periods are refused", async () => {
  const future = await call(delegationsRoute, "POST", "/api/delegations", {
    token: alice.token,
    body: {
      to: bob.email,
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 7200_000).toISOString(),
    },
  });
  assert.equal(future.status, 201);
  assert.equal(future.body.delegation.active, false);
  const { approval } = await pending([alice.email]);
  assert.equal((await p.decide(bob, approval.id, "approve")).status, 403);

  const backwards = await call(delegationsRoute, "POST", "/api/delegations", {
    token: alice.token,
    body: { to: bob.email, startsAt: "2030-01-02T00:00:00Z", endsAt: "2030-01-01T00:00:00Z" },
  });
  assert.equal(backwards.status, 400);
  assert.equal(backwards.body.error.details[0].field, "endsAt");
  const past = await call(delegationsRoute, "POST", "/api/delegations", {
    token: alice.token,
    body: { to: bob.email, endsAt: "2020-01-01T00:00:00Z" },
  });
  assert.equal(past.status, 400);
});

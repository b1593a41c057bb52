// Approvals API with the real worker: approval_required reaches an eligible approver's browser socket and not a
// non-eligible user's; the inbox shows only what a person may see with the pending count; 401/403 (not an
// approver, self-approval), 409 once decided, comments kept; approval_decided reaches the starter.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("approvals-api");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const approvalsRoute = await import("@/app/api/approvals/route");
const approvalRoute = await import("@/app/api/approvals/[id]/route");

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const approver = await createTestUser("user");
const outsider = await createTestUser("user");
await p.createCommandAgent(admin, "writer", `printf 'DRAFT[%s]' "$(cat)"`);

const sockets = {
  approver: await p.connectSocket(approver),
  outsider: await p.connectSocket(outsider),
  starter: await p.connectSocket(starter),
  admin: await p.connectSocket(admin),
};
after(async () => {
  for (const s of Object.values(sockets)) s.close();
  await stack.stop();
});

let n = 0;
async function processWith(review: string[]) {
  n += 1;
  return p.createProcess(
    admin,
    `name: inbox-${n}
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "item {{input.item}}"
  - id: review
    type: human_approval
    title: "Ship {{input.item}}?"
    description: "{{steps.draft.output}}"
${review.map((l) => `    ${l}`).join("\n")}
`,
  );
}

const list = (token: string, status?: string) =>
  call(approvalsRoute, "GET", `/api/approvals${status ? `?status=${status}` : ""}`, { token });
const get = (token: string, id: string) =>
  call(approvalRoute, "GET", `/api/approvals/${id}`, { token, params: { id } });

function eventsFor(socket: { received: { name: string; payload: any }[] }, name: string, approvalId: string) {
  return socket.received.filter((e) => e.name === name && e.payload.approvalId === approvalId);
}

async function waitForEvent(
  socket: { received: { name: string; payload: any }[] },
  name: string,
  approvalId: string,
  ms = 5_000,
) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = eventsFor(socket, name, approvalId);
    if (found.length) return found[0];
    await p.sleep(20);
  }
  assert.fail(`${name} for ${approvalId} did not arrive`);
}

test("approval_required reaches the named approver's socket at once, not a user who may not decide", async () => {
  const proc = await processWith([`approvers: [${approver.email.toUpperCase()}]`]);
  const run = await p.startRun(starter, proc.id, { item: "A" });
  const approval = await p.pendingApproval(starter, run.id, "review");
  const event = await waitForEvent(sockets.approver, "approval_required", approval.id);
  assert.equal(event.payload.processRunId, run.id);
  assert.equal(event.payload.title, "Ship A?");
  assert.equal(event.payload.status, "pending");
  assert.deepEqual(event.payload.approverUserIds, [approver.id]);
  await p.sleep(300);
  assert.equal(
    eventsFor(sockets.outsider, "approval_required", approval.id).length,
    0,
    "a non-eligible user got approval_required",
  );
  assert.equal(
    eventsFor(sockets.starter, "approval_required", approval.id).length,
    0,
    "the starter may not self-approve",
  );
  assert.ok(
    sockets.outsider.received.some((e) => e.name === "process_run_changed" && e.payload.processRunId === run.id),
  );

  // The inbox: the approver sees it and may decide; the outsider sees nothing; the starter sees it without deciding.
  const mine = await list(approver.token);
  assert.equal(mine.status, 200);
  assert.deepEqual(
    mine.body.approvals.map((a: any) => a.id),
    [approval.id],
  );
  assert.equal(mine.body.pendingCount, 1);
  assert.equal(mine.body.approvals[0].canDecide, true);
  assert.deepEqual(mine.body.approvals[0].context.steps, { draft: { output: "DRAFT[item A]" } });
  assert.deepEqual((await list(outsider.token)).body, { approvals: [], nextCursor: null, pendingCount: 0 });
  const theirs = await list(starter.token);
  assert.equal(theirs.body.approvals[0].canDecide, false);
  assert.equal(theirs.body.pendingCount, 0);
  assert.equal((await list(admin.token)).body.approvals.length, 1);
  assert.equal((await get(outsider.token, approval.id)).status, 403);
  assert.equal((await get(starter.token, approval.id)).status, 200);
  assert.equal((await list(approver.token, "bogus")).status, 400);
  assert.equal((await call(approvalsRoute, "GET", "/api/approvals")).status, 401);

  // 403 for who may not decide, 401 signed out, then a decision with a comment, then 409.
  assert.equal((await p.decide(outsider, approval.id, "approve")).status, 403);
  assert.equal((await p.decide(starter, approval.id, "approve")).status, 403);
  const anonymous = await call(await import("@/app/api/approvals/[id]/decide/route"), "POST", "/x", {
    params: { id: approval.id },
    body: { decision: "approve" },
  });
  assert.equal(anonymous.status, 401);
  assert.equal((await p.decide(approver, approval.id, "maybe" as never)).status, 400);
  const ok = await p.decide(approver, approval.id, "approve", "looks good");
  assert.equal(ok.status, 200);
  assert.equal(ok.body.approval.status, "approved");
  assert.equal(ok.body.approval.decisions[0].user.id, approver.id);
  assert.equal(ok.body.approval.decisions[0].comment, "looks good");
  assert.ok(ok.body.approval.decidedAt);
  const again = await p.decide(approver, approval.id, "reject");
  assert.equal(again.status, 409);

  const decided = await waitForEvent(sockets.starter, "approval_decided", approval.id);
  assert.equal(decided.payload.status, "approved");
  await waitForEvent(sockets.approver, "approval_decided", approval.id);
  assert.equal(eventsFor(sockets.outsider, "approval_decided", approval.id).length, 0);
  await p.waitForRun(starter, run.id, "completed");
  assert.equal((await list(approver.token)).body.pendingCount, 0);
  assert.deepEqual(
    (await list(approver.token, "approved")).body.approvals.map((a: any) => a.id),
    [approval.id],
  );
  assert.equal((await list(approver.token, "all")).body.approvals.length, 1);
});

test("roles and anyone: role:admin reaches admins only; no approvers reaches every signed-in socket", async () => {
  const byRole = await p.startRun(starter, (await processWith(["approvers: [role:admin]"])).id, { item: "B" });
  const roleApproval = await p.pendingApproval(starter, byRole.id, "review");
  await waitForEvent(sockets.admin, "approval_required", roleApproval.id);
  await p.sleep(300);
  assert.equal(eventsFor(sockets.approver, "approval_required", roleApproval.id).length, 0);
  assert.equal((await p.decide(approver, roleApproval.id, "approve")).status, 403);

  const open = await p.startRun(starter, (await processWith([])).id, { item: "C" });
  const anyone = await p.pendingApproval(starter, open.id, "review");
  for (const s of [sockets.approver, sockets.outsider, sockets.admin]) {
    const e = await waitForEvent(s, "approval_required", anyone.id);
    assert.deepEqual(e.payload.approverUserIds, []);
  }
  const outsiderInbox = await list(outsider.token);
  assert.ok(outsiderInbox.body.approvals.some((a: any) => a.id === anyone.id && a.canDecide));
  const self = await p.decide(starter, anyone.id, "approve");
  assert.equal(self.status, 403, "self-approval is off by default");
  assert.match(self.body.error.message, /self-approval/);
  assert.equal((await p.decide(outsider, anyone.id, "reject", "no")).status, 200);
  await p.waitForRun(starter, open.id, "cancelled");

  const selfAllowed = await p.startRun(starter, (await processWith(["allow_self_approval: true"])).id, { item: "D" });
  const own = await p.pendingApproval(starter, selfAllowed.id, "review");
  assert.equal((await p.decide(starter, own.id, "approve")).status, 200);
  await p.waitForRun(starter, selfAllowed.id, "completed");
  assert.equal((await p.decide(admin, roleApproval.id, "approve")).status, 200);
});

test("the inbox pages: a person's few approvals among many others' come page by page, newest first, none twice", async () => {
  const { db } = await import("@/lib/db");
  const process = await processWith([]);
  const run = await db.processRun.create({
    data: {
      processId: process.id,
      processName: "history",
      definition: "{}",
      status: "cancelled",
      startedById: starter.id,
    },
  });
  // 450 decided approvals, older than everything above: one in 45 names the approver, the rest someone else.
  const base = Date.now() - 86_400_000;
  const mine: string[] = [];
  for (let i = 0; i < 450; i++) {
    const step = await db.stepRun.create({
      data: { runId: run.id, stepId: `s${i}`, type: "human_approval", status: "rejected" },
    });
    const named = i % 45 === 0;
    const approval = await db.approval.create({
      data: {
        runId: run.id,
        stepRunId: step.id,
        processName: "history",
        title: `old ${i}`,
        approvers: JSON.stringify([named ? approver.email : "someone-else@example.com"]),
        status: "rejected",
        createdAt: new Date(base + i * 1000),
        decidedAt: new Date(base + i * 1000 + 500),
      },
    });
    if (named) mine.unshift(approval.id); // newest first
  }
  assert.equal(mine.length, 10);

  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: any } = await call(
      approvalsRoute,
      "GET",
      `/api/approvals?status=rejected&limit=4${cursor ? `&cursor=${cursor}` : ""}`,
      { token: approver.token },
    );
    assert.equal(res.status, 200);
    assert.ok(res.body.approvals.length <= 4);
    seen.push(...res.body.approvals.map((a: any) => a.id));
    cursor = res.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 10);
  // the approver's own rejections from the earlier tests come first, then the ten historic ones in order
  assert.deepEqual(seen.slice(-10), mine);
  assert.equal(new Set(seen).size, seen.length, "no approval twice");
  assert.equal(pages, Math.ceil(seen.length / 4));

  const firstPage = await call(approvalsRoute, "GET", "/api/approvals?status=rejected&limit=100", {
    token: admin.token,
  });
  assert.equal(firstPage.body.approvals.length, 100);
  assert.ok(firstPage.body.nextCursor, "an admin sees every row, so more pages follow");

  const bad = await call(approvalsRoute, "GET", "/api/approvals?limit=0", { token: approver.token });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body.error), /limit/);
});

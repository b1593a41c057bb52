// Approver groups with the real worker: admins define a group once and steps name it as `group:<name>`; an unknown
// group is a validation error when the process is saved; members are read when someone decides, so a member added
// after the approval was created may decide and one removed may not; members hear of the approval and see it.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("approver-groups");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const groupsRoute = await import("@/app/api/approver-groups/route");
const groupRoute = await import("@/app/api/approver-groups/[name]/route");
const processesRoute = await import("@/app/api/processes/route");
const validateRoute = await import("@/app/api/processes/validate/route");
const approvalsRoute = await import("@/app/api/approvals/route");
const auditRoute = await import("@/app/api/audit/route");

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const rm1 = await createTestUser("user");
const rm2 = await createTestUser("user");
const outsider = await createTestUser("user");
const socket = await p.connectSocket(rm1);
after(async () => {
  socket.close();
  await stack.stop();
});

const put = (user: { token: string }, name: string, body: unknown) =>
  call(groupRoute, "PUT", `/api/approver-groups/${name}`, { token: user.token, params: { name }, body });

const yaml = (name: string, group: string, required = 1) => `name: ${name}
steps:
  - id: release
    type: human_approval
    title: "Release?"
    approvers: [group:${group}]
    required_approvals: ${required}
`;

test("admins create, list, edit and delete groups; others may only read them; names are slugs, members existing users", async () => {
  const created = await call(groupsRoute, "POST", "/api/approver-groups", {
    token: admin.token,
    body: { name: "release-managers", description: "Ship releases", members: [rm1.email.toUpperCase()] },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(
    created.body.group.members.map((m: { email: string }) => m.email),
    [rm1.email],
  );
  assert.equal(
    (await call(groupsRoute, "POST", "/api/approver-groups", { token: outsider.token, body: { name: "mine" } })).status,
    403,
  );
  const dup = await call(groupsRoute, "POST", "/api/approver-groups", {
    token: admin.token,
    body: { name: "release-managers" },
  });
  assert.equal(dup.status, 409);
  const badName = await call(groupsRoute, "POST", "/api/approver-groups", {
    token: admin.token,
    body: { name: "Release Managers" },
  });
  assert.equal(badName.status, 400);
  assert.equal(badName.body.error.details[0].field, "name");
  const nobody = await call(groupsRoute, "POST", "/api/approver-groups", {
    token: admin.token,
    body: { name: "ghosts", members: ["ghost@example.com"] },
  });
  assert.equal(nobody.status, 400);
  assert.equal(nobody.body.error.details[0].field, "members[0]");

  const listed = await call(groupsRoute, "GET", "/api/approver-groups", { token: outsider.token });
  assert.equal(listed.status, 200);
  assert.deepEqual(
    listed.body.groups.map((g: { name: string }) => g.name),
    ["release-managers"],
  );
  assert.equal((await put(outsider, "release-managers", { description: "x" })).status, 403);

  assert.equal(
    (await call(groupsRoute, "POST", "/api/approver-groups", { token: admin.token, body: { name: "temporary" } }))
      .status,
    201,
  );
  const del = await call(groupRoute, "DELETE", "/", { token: admin.token, params: { name: "temporary" } });
  assert.equal(del.status, 204);
  assert.equal((await call(groupRoute, "GET", "/", { token: admin.token, params: { name: "temporary" } })).status, 404);

  // Each change is in the audit log, the refused ones not at all.
  const audit = await call(auditRoute, "GET", "/api/audit?targetType=approver_group", { token: admin.token });
  assert.equal(audit.status, 200, JSON.stringify(audit.body));
  assert.deepEqual(
    audit.body.entries.map((e: { action: string; target: { id: string } }) => `${e.action} ${e.target.id}`).reverse(),
    ["approver_group.created release-managers", "approver_group.created temporary", "approver_group.deleted temporary"],
  );
  assert.deepEqual(audit.body.entries.at(-1).after, { description: "Ship releases", members: [rm1.email] });
});

test("a process naming an unknown group is refused when saved, with the place of the error", async () => {
  const res = await call(processesRoute, "POST", "/api/processes", {
    token: admin.token,
    body: { yaml: yaml("uses-ghosts", "ghosts") },
  });
  assert.equal(res.status, 400);
  assert.match(JSON.stringify(res.body), /no approver group named \\"ghosts\\"/);
  const checked = await call(validateRoute, "POST", "/api/processes/validate", {
    token: admin.token,
    body: { yaml: yaml("uses-ghosts", "ghosts") },
  });
  assert.equal(checked.body.ok, false);
  assert.equal(checked.body.errors[0].line, 6);
  const syntax = await call(validateRoute, "POST", "/api/processes/validate", {
    token: admin.token,
    body: { yaml: yaml("bad-syntax", "Not A Slug") },
  });
  assert.equal(syntax.body.ok, false);
  const escalation = await call(validateRoute, "POST", "/api/processes/validate", {
    token: admin.token,
    body: {
      yaml: `${yaml("escalates-to-ghosts", "release-managers")}    timeout: 1d\n    reminders: [2h, 1h]\n    escalate_to: [group:ghosts]\n`,
    },
  });
  assert.equal(escalation.body.ok, false);
  assert.deepEqual(
    escalation.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]),
    [["steps[0].escalate_to[0]", 'no approver group named "ghosts"']],
  );
});

test("members decide; a member added after the approval was created may decide, a removed one may not; outsiders may not", async () => {
  const proc = await p.createProcess(admin, yaml("release", "release-managers", 2));
  const run = await p.startRun(starter, proc.id);
  const approval = await p.pendingApproval(starter, run.id, "release");
  assert.deepEqual(approval.approvers, ["group:release-managers"]);

  const deadline = Date.now() + 5_000;
  while (!socket.received.some((e) => e.name === "approval_required" && e.payload.approvalId === approval.id)) {
    if (Date.now() > deadline) assert.fail("approval_required did not reach the member");
    await p.sleep(20);
  }
  const seen = await call(approvalsRoute, "GET", "/api/approvals", { token: rm1.token });
  assert.ok(seen.body.approvals.some((a: { id: string; canDecide: boolean }) => a.id === approval.id && a.canDecide));
  const hidden = await call(approvalsRoute, "GET", "/api/approvals", { token: rm2.token });
  assert.ok(!hidden.body.approvals.some((a: { id: string }) => a.id === approval.id));

  assert.equal((await p.decide(rm2, approval.id, "approve")).status, 403, "not a member yet");
  assert.equal((await p.decide(outsider, approval.id, "approve")).status, 403);
  assert.equal((await p.decide(rm1, approval.id, "approve")).status, 200);

  const changed = await put(admin, "release-managers", { members: [rm2.email] });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  const last = await p.decide(rm2, approval.id, "approve");
  assert.equal(last.status, 200, JSON.stringify(last.body));
  assert.equal(last.body.approval.status, "approved");
  await p.waitForRun(starter, run.id, "completed");

  const run2 = await p.startRun(starter, proc.id);
  const approval2 = await p.pendingApproval(starter, run2.id, "release");
  assert.equal((await p.decide(rm1, approval2.id, "approve")).status, 403, "removed from the group");
});

// Email notifications through a real local SMTP server, sent by the real worker's notifier: an approval that is
// requested reaches its approvers only, with its subject and a link to it; people's choices are honoured; the
// decision reaches the approvers who want it and the person who started the run. "Send test" answers the server's reply.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startSmtpSink } from "./support/smtp";
import { startStack } from "./support/stack";

const stack = await startStack("notifications-email", { CADRE_NOTIFY_BACKOFF_MS: "50" });
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const { db } = await import("@/lib/db");
const settingsRoute = await import("@/app/api/notifications/settings/route");
const testRoute = await import("@/app/api/notifications/test/route");
const prefsRoute = await import("@/app/api/me/notifications/route");
const actRoute = await import("@/app/api/approvals/act/route");
const { config } = await import("@/lib/config");
const { previewActionLink } = await import("@/lib/approvals/action-links");

const smtp = await startSmtpSink();
const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const approver = await createTestUser("user");
const quietApprover = await createTestUser("user");
const outsider = await createTestUser("user");
after(async () => {
  await stack.stop();
  await smtp.close();
});

async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 20_000,
) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await p.sleep(25);
  }
}

test("an admin configures SMTP; the password is never answered; Send test reaches the server", async () => {
  const res = await call(settingsRoute, "PUT", "/", {
    token: admin.token,
    body: {
      smtpHost: "127.0.0.1",
      smtpPort: smtp.port,
      smtpSecure: false,
      smtpFrom: "cadre@example.com",
      smtpUser: "",
      smtpPassword: "s3cret-pass",
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.settings.smtp.configured, true);
  assert.equal(res.body.settings.smtp.passwordSet, true);
  assert.ok(!JSON.stringify(res.body).includes("s3cret-pass"));
  const stored = await db.setting.findUniqueOrThrow({ where: { key: "notifications.smtpPassword" } });
  assert.ok(!stored.value.includes("s3cret-pass"), "stored encrypted");
  await call(settingsRoute, "PUT", "/", { token: admin.token, body: { smtpPassword: null } });

  const bad = await call(settingsRoute, "PUT", "/", { token: admin.token, body: { smtpPort: 70000 } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "smtpPort");

  // Both changes are in the audit log with what changed; the password only masked, then removed; the refused
  // change not at all.
  const audit = await db.auditEntry.findMany({
    where: { action: "settings.updated", targetId: "notifications" },
    orderBy: { createdAt: "asc" },
  });
  assert.equal(audit.length, 2);
  assert.ok(!audit.some((e) => `${e.before}${e.after}`.includes("s3cret-pass")));
  const [set, removed] = audit.map((e) => JSON.parse(e.after ?? "{}"));
  assert.equal(set["smtp.host"], "127.0.0.1");
  assert.equal(set["smtp.password"], "••••");
  assert.equal(set["smtp.passwordSet"], true);
  assert.deepEqual(removed, { "smtp.passwordSet": false, "smtp.password": null });
  assert.equal(audit[0].actorId, admin.id);

  const sent = await call(testRoute, "POST", "/", {
    token: admin.token,
    body: { channel: "email", to: "ops@example.com" },
  });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.equal(sent.body.result.ok, true, JSON.stringify(sent.body));
  assert.match(sent.body.result.status, /^250/);
  await until("the test mail", () => smtp.mails.some((m) => m.to.includes("ops@example.com")));
});

test("approval requested: its approvers who want email get it, with the subject and the link; nobody else", async () => {
  const off = await call(prefsRoute, "PUT", "/", { token: quietApprover.token, body: { email: false } });
  assert.equal(off.status, 200);
  assert.equal(off.body.preferences.email, false);
  const proc = await p.createProcess(
    admin,
    `name: mail-review
steps:
  - id: sign-off
    type: human_approval
    title: "Release 4.2?"
    description: "The release notes are ready."
    approvers: [${approver.email}, ${quietApprover.email}]
`,
  );
  const before = smtp.mails.length;
  const run = await p.startRun(starter, proc.id, { version: "4.2" });
  const approval = await p.pendingApproval(starter, run.id, "sign-off");
  const mail = await until("the approval mail", () =>
    smtp.mails.slice(before).find((m) => m.subject.includes("Release 4.2?")),
  );
  assert.deepEqual(mail.to, [approver.email]);
  assert.equal(mail.from, "cadre@example.com");
  assert.match(mail.subject, /Approval needed: Release 4\.2\?/);
  assert.ok(mail.text.includes(`/approvals/${approval.id}`), "the link to the approval");
  assert.ok(mail.text.includes("sign-off"), "the step");
  assert.ok(mail.text.includes("version: 4.2"), "the context");
  assert.match(mail.raw, /text\/html/);
  const rows = await db.delivery.findMany({ where: { channel: "email", orderKey: `approval:${approval.id}` } });
  assert.deepEqual(
    rows.map((r) => r.target),
    [approver.id],
  );
  await until(
    "the delivery recorded",
    async () => (await db.delivery.count({ where: { id: rows[0].id, status: "delivered" } })) === 1,
  );
  const attempt = await db.deliveryAttempt.findFirstOrThrow({ where: { deliveryId: rows[0].id } });
  assert.match(attempt.status ?? "", /^250/);

  // The decision: the approver (who wants email) and the person who started the run; not the one who turned it off.
  const decided = await p.decide(approver, approval.id, "approve");
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  await until(
    "both decision mails",
    () => smtp.mails.filter((m) => m.subject.includes("Approval approved")).length >= 2,
  );
  await p.sleep(200);
  const outcome = smtp.mails.filter((m) => m.subject.includes("Approval approved: Release 4.2?"));
  assert.deepEqual(outcome.flatMap((m) => m.to).sort(), [approver.email, starter.email].sort());
  assert.ok(!smtp.mails.some((m) => m.to.includes(outsider.email) || m.to.includes(quietApprover.email)));
});

test("an approver's email carries one-click links: opening one decides nothing, its confirm decides once, as that approver", async () => {
  const proc = await p.createProcess(
    admin,
    `name: mail-links
steps:
  - id: go
    type: human_approval
    title: "Ship 5.0?"
    approvers: [${approver.email}]
`,
  );
  const before = smtp.mails.length;
  const run = await p.startRun(starter, proc.id, { version: "5.0" });
  const approval = await p.pendingApproval(starter, run.id, "go");
  const mail = await until("the approval mail", () =>
    smtp.mails.slice(before).find((m) => m.subject.includes("Ship 5.0?")),
  );
  const approveUrl = /Approve: (\S+)/.exec(mail.text)?.[1];
  const rejectUrl = /Reject: (\S+)/.exec(mail.text)?.[1];
  assert.ok(approveUrl && rejectUrl, mail.text);
  assert.ok(mail.raw.includes("/approvals/act/"), "the HTML part has the links too");
  const token = (url: string) => decodeURIComponent(new URL(url).pathname.split("/").pop()!);

  // What a link scanner or a preview does: read the page. It shows the decision and decides nothing.
  const shown = await previewActionLink(token(approveUrl), null);
  assert.equal(shown.decision, "approve");
  assert.equal((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status, "pending");

  const origin = new URL(config().publicUrl).origin;
  const confirm = (url: string) =>
    call(actRoute, "POST", "/api/approvals/act", { body: { token: token(url) }, headers: { origin } });
  const first = await confirm(approveUrl);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.approval.status, "approved");
  const decision = await db.approvalDecision.findFirstOrThrow({ where: { approvalId: approval.id } });
  assert.equal(decision.userId, approver.id);
  assert.equal((await confirm(approveUrl)).status, 409, "a link works once");
  assert.equal((await confirm(rejectUrl)).status, 409, "the approval is closed");
});

test("a person who keeps email on but drops an event does not get it", async () => {
  const res = await call(prefsRoute, "PUT", "/", { token: approver.token, body: { events: ["approval.decided"] } });
  assert.deepEqual(res.body.preferences.events, ["approval.decided"]);
  const proc = await p.createProcess(
    admin,
    `name: mail-review-2
steps:
  - id: check
    type: human_approval
    title: "Second check?"
    approvers: [${approver.email}]
`,
  );
  const run = await p.startRun(starter, proc.id);
  const approval = await p.pendingApproval(starter, run.id, "check");
  // The fan-out has read the event once the cursor passed it; no delivery was made for the approver.
  const event = await db.event.findFirstOrThrow({ where: { name: "approval_required" }, orderBy: { id: "desc" } });
  await until(
    "the fan-out",
    async () => (await db.notificationCursor.findUniqueOrThrow({ where: { id: "fanout" } })).lastEventId >= event.id,
  );
  assert.equal(await db.delivery.count({ where: { orderKey: `approval:${approval.id}` } }), 0);
  const bad = await call(prefsRoute, "PUT", "/", { token: approver.token, body: { events: ["approval.nope"] } });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.details[0].field, /^events/);
});

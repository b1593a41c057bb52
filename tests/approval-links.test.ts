// One-click decision links with the real worker: the link's POST decides once, as the person it was sent to; a used,
// expired, altered, unknown or forwarded link and one for a closed approval are refused with a clear reason and decide
// nothing; looking at a link (the confirm page's read) never decides; answers are neither cached nor referred on.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("approval-links");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const { db } = await import("@/lib/db");
const { config } = await import("@/lib/config");
const { approvalActionLinks, previewActionLink } = await import("@/lib/approvals/action-links");
const actRoute = await import("@/app/api/approvals/act/route");
const linksRoute = await import("@/app/api/approvals/[id]/links/route");
const authRoute = await import("@/app/api/auth/[...all]/route");

const ORIGIN = new URL(config().publicUrl).origin;
const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const alice = await createTestUser("user");
const bob = await createTestUser("user");
after(() => stack.stop());

let n = 0;
async function pending(approvers: string[], extra = "") {
  n += 1;
  const proc = await p.createProcess(
    admin,
    `name: links-${n}
steps:
  - id: review
    type: human_approval
    title: "Ship release {{input.version}}?"
    approvers: [${approvers.join(", ")}]
${extra}`,
  );
  const run = await p.startRun(starter, proc.id, { version: `1.${n}` });
  return { run, approval: await p.pendingApproval(starter, run.id, "review") };
}

const links = (approvalId: string, userId: string, expiresAt?: Date) =>
  approvalActionLinks(db, { approvalId, userId, expiresAt });
const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

function act(token: string, headers: Record<string, string> = {}) {
  return call(actRoute, "POST", "/api/approvals/act", { body: { token }, headers: { origin: ORIGIN, ...headers } });
}

async function cookieOf(user: { email: string; password: string }) {
  const res = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email: user.email, password: user.password }),
    }),
  );
  assert.equal(res.status, 200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

const statusOf = async (id: string) => (await db.approval.findUniqueOrThrow({ where: { id } })).status;

test("a link's POST approves once, as the person it was sent to; the second use is refused as already used", async () => {
  const { run, approval } = await pending([alice.email]);
  const l = await links(approval.id, alice.id);
  assert.ok(l.approve.startsWith(`${config().publicUrl}/approvals/act/`), l.approve);
  assert.equal(l.open, `${config().publicUrl}/approvals/${approval.id}`);

  const first = await act(tokenOf(l.approve));
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.decision, "approve");
  assert.equal(first.body.approval.status, "approved");
  const decisions = await db.approvalDecision.findMany({ where: { approvalId: approval.id } });
  assert.deepEqual(
    decisions.map((d) => [d.userId, d.decision, d.onBehalfOfId]),
    [[alice.id, "approve", null]],
  );
  await p.waitForRun(starter, run.id, "completed");

  const again = await act(tokenOf(l.approve));
  assert.equal(again.status, 409);
  assert.equal(again.body.error.details.reason, "used");
  assert.match(again.body.error.message, /already used on \d{4}-/);
  assert.equal(await db.approvalDecision.count({ where: { approvalId: approval.id } }), 1);
});

test("the reject link rejects; the token itself is stored nowhere, only a hash of its secret part", async () => {
  const { approval } = await pending([alice.email]);
  const l = await links(approval.id, alice.id);
  const token = tokenOf(l.reject);
  const rows = await db.approvalActionToken.findMany({ where: { approvalId: approval.id } });
  assert.equal(rows.length, 2);
  for (const row of rows) {
    const text = JSON.stringify(row);
    assert.ok(!text.includes(token.split(".")[1]), "the signature is not stored");
    assert.match(row.secretHash, /^[0-9a-f]{64}$/);
  }
  const res = await act(token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.approval.status, "rejected");
  // The approve link of the same approval now meets a closed approval.
  const other = await act(tokenOf(l.approve));
  assert.equal(other.status, 409);
  assert.equal(other.body.error.details.reason, "closed");
  assert.match(other.body.error.message, /already rejected/);
});

test("an expired link, an altered one, an unknown one and a malformed one are refused and decide nothing", async () => {
  const { approval } = await pending([alice.email]);
  const expired = await links(approval.id, alice.id, new Date(Date.now() - 1000));
  const res = await act(tokenOf(expired.approve));
  assert.equal(res.status, 409);
  assert.equal(res.body.error.details.reason, "expired");
  assert.match(res.body.error.message, /expired on/);

  const good = tokenOf((await links(approval.id, alice.id)).approve);
  const [id, sig] = good.split(".");
  const flipped = `${id}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
  const altered = await act(flipped);
  assert.equal(altered.status, 403);
  assert.equal(altered.body.error.details.reason, "bad_signature");

  const unknown = await act(`${"A".repeat(22)}.${sig}`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.details.reason, "unknown");

  const malformed = await act("abc");
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.details.reason, "malformed");

  assert.equal(await statusOf(approval.id), "pending");
  assert.equal(await db.approvalDecision.count({ where: { approvalId: approval.id } }), 0);
});

test("a link opened in a browser signed in as someone else is refused (forwarded); its own person signed in may use it", async () => {
  const { approval } = await pending([alice.email, bob.email], "    required_approvals: 2\n");
  const l = await links(approval.id, alice.id);
  const bobsBrowser = await cookieOf(bob);
  const res = await act(tokenOf(l.approve), { cookie: bobsBrowser });
  assert.equal(res.status, 403);
  assert.equal(res.body.error.details.reason, "forwarded");
  assert.match(res.body.error.message, /sent to u…@example\.com; sign out or ask for your own link/);
  await assert.rejects(
    previewActionLink(tokenOf(l.approve), {
      userId: bob.id,
      email: bob.email,
      name: "bob",
      role: "user",
      via: "session",
    }),
    /sent to u…@/,
  );
  assert.equal(await db.approvalDecision.count({ where: { approvalId: approval.id } }), 0);

  const own = await act(tokenOf(l.approve), { cookie: await cookieOf(alice) });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.equal(own.body.approval.status, "pending", "one of two approvals");
});

test("looking at a link never decides: the confirm page's read many times, and no GET on the decide endpoint", async () => {
  const { approval } = await pending([alice.email]);
  const l = await links(approval.id, alice.id);
  for (let i = 0; i < 25; i++) {
    const shown = await previewActionLink(tokenOf(l.approve), null);
    assert.equal(shown.decision, "approve");
    assert.equal(shown.forEmail, alice.email);
    assert.equal(shown.approval.title, `Ship release 1.${n}?`);
    assert.deepEqual(shown.approval.inputSummary, [`version: 1.${n}`]);
  }
  assert.equal("GET" in actRoute, false, "the decide endpoint has no GET");
  assert.equal(await statusOf(approval.id), "pending");
  assert.equal(await db.approvalActionToken.count({ where: { approvalId: approval.id, usedAt: { not: null } } }), 0);
});

test("answers are not cached and send no referrer; a change from another origin is refused before the token is read", async () => {
  const { approval } = await pending([alice.email]);
  const l = await links(approval.id, alice.id);
  const refused = await actRoute.POST(
    new Request(`${ORIGIN}/api/approvals/act`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ token: tokenOf(l.approve) }),
    }),
    { params: Promise.resolve({}) },
  );
  assert.equal(refused.status, 403);
  assert.equal(await statusOf(approval.id), "pending");

  for (const token of ["nope", tokenOf(l.approve)]) {
    const res = await actRoute.POST(
      new Request(`${ORIGIN}/api/approvals/act`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ token }),
      }),
      { params: Promise.resolve({}) },
    );
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
  }
  assert.equal(await statusOf(approval.id), "approved");
});

test("a link never outlives the approval's deadline, and lasts 72 hours by default", async () => {
  const { approval } = await pending([alice.email], "    timeout: 1h\n");
  const l = await links(approval.id, alice.id, new Date(Date.now() + 7 * 86400_000));
  const deadline = (await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).deadlineAt!;
  assert.equal(l.expiresAt, deadline.toISOString());
  const { approval: open } = await pending([alice.email]);
  const d = await links(open.id, alice.id);
  const hours = (Date.parse(d.expiresAt) - Date.now()) / 3600_000;
  assert.ok(hours > 71.9 && hours <= 72, String(hours));
});

test("a link for someone who is not (or no longer) an approver decides nothing", async () => {
  const { approval } = await pending([alice.email]);
  const l = await links(approval.id, bob.id);
  const res = await act(tokenOf(l.approve));
  assert.equal(res.status, 403);
  assert.equal(res.body.error.details.reason, "not_eligible");
  assert.equal(await statusOf(approval.id), "pending");
});

test("a signed-in approver may get their own links; someone who may not decide may not", async () => {
  const { approval } = await pending([alice.email]);
  const mine = await call(linksRoute, "POST", "/", { token: alice.token, params: { id: approval.id } });
  assert.equal(mine.status, 201, JSON.stringify(mine.body));
  assert.match(mine.body.links.approve, /\/approvals\/act\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
  const theirs = await call(linksRoute, "POST", "/", { token: bob.token, params: { id: approval.id } });
  assert.equal(theirs.status, 403);
  const res = await act(tokenOf(mine.body.links.reject));
  assert.equal(res.status, 200);
  assert.equal(res.body.approval.status, "rejected");
});

// Outbound webhooks and Slack against real local receivers, with notifiers running in this process on the real
// database: the signature checks out, failures are retried with backoff and every attempt is recorded, one
// approval's events reach an endpoint in order, two notifiers and a restart send each delivery once, a lease left
// by a dead notifier is taken over, Redeliver sends again. Slack gets Block Kit with the process, step and buttons.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { setupTestEnv, teardownTestEnv } from "./support/env";
import { readBody } from "./support/stack";

setupTestEnv("notifications-webhooks");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { publish } = await import("./support/outbox");
const { db } = await import("@/lib/db");
const { createNotifier } = await import("@/worker/notifier");
const { claimDue } = await import("@/lib/notifications/deliveries");
const webhooksRoute = await import("@/app/api/notifications/webhooks/route");
const webhookRoute = await import("@/app/api/notifications/webhooks/[id]/route");
const settingsRoute = await import("@/app/api/notifications/settings/route");
const prefsRoute = await import("@/app/api/me/notifications/route");
const deliveriesRoute = await import("@/app/api/deliveries/route");
const deliveryRoute = await import("@/app/api/deliveries/[id]/route");
const redeliverRoute = await import("@/app/api/deliveries/[id]/redeliver/route");

const admin = await createTestUser("admin");
const quiet = {
  info() {},
  warn: (m: string) => console.log("WARN", m),
  error: (m: string, e?: unknown) => console.log("ERROR", m, e),
  debug() {},
} as never;
const policy = { backoffMs: 40, backoffMaxMs: 400, giveUpMs: 60_000 };

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; eventId: string; data: Record<string, unknown> };
}

/** A local receiver; `answer` says the status of each call (default 200). */
async function receiver(answer: (r: Received) => number = () => 200) {
  const got: Received[] = [];
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const r = { headers: req.headers, body, json: JSON.parse(body) };
    const status = answer(r);
    if (status < 300) got.push(r);
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(status < 300 ? "thanks" : `not now (${status})`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function endpoint(url: string, events = ["approval.requested", "approval.reminder", "approval.decided"]) {
  const res = await call(webhooksRoute, "POST", "/api/notifications/webhooks", {
    token: admin.token,
    body: { url, events },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.webhook.secret, /^whsec_/);
  return res.body.webhook as { id: string; secret: string };
}

async function disable(id: string) {
  await call(webhookRoute, "PATCH", "/", { token: admin.token, params: { id }, body: { enabled: false } });
}

let approvalN = 0;
/** An approval event about a made-up approval nobody is asked by email (no such user). */
function approvalEvent(
  name: "approval_required" | "approval_decided" | "approval_reminder",
  approvalId: string,
  n = 1,
) {
  const base = {
    v: 1 as const,
    at: new Date().toISOString(),
    approvalId,
    processRunId: "run",
    title: `Ship ${approvalId}?`,
  };
  if (name === "approval_reminder")
    return publish({
      name,
      payload: { ...base, status: "pending", approverUserIds: ["nobody"], reminder: n, escalated: false },
      rooms: [],
    });
  return publish({
    name,
    payload: { ...base, status: name === "approval_required" ? "pending" : "approved", approverUserIds: ["nobody"] },
    rooms: [],
  });
}

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
    await new Promise((r) => setTimeout(r, 20));
  }
}

const notifiers: ReturnType<typeof createNotifier>[] = [];
function notifier(owner: string, extra: { leaseMs?: number } = {}) {
  const n = createNotifier({ owner, log: quiet, policy, pollMs: 25, ...extra });
  notifiers.push(n);
  return n;
}

after(async () => {
  for (const n of notifiers) await n.stop();
  await teardownTestEnv();
});

function verify(secret: string, r: Received): void {
  const header = String(r.headers["cadre-signature"]);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  assert.ok(m, `signature header: ${header}`);
  const expected = crypto.createHmac("sha256", secret).update(`${m[1]}.${r.body}`).digest("hex");
  assert.ok(crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(m[2])), "the HMAC matches");
  assert.ok(Math.abs(Date.now() / 1000 - Number(m[1])) < 300, "the timestamp is now");
}

test("a signed event reaches the endpoint, once, with its headers", async () => {
  const rx = await receiver();
  const hook = await endpoint(rx.url);
  const n = notifier("w1");
  await n.start();
  const id = `ap${++approvalN}`;
  await approvalEvent("approval_required", id);
  await until("the call", () => rx.got.length === 1);
  const r = rx.got[0];
  verify(hook.secret, r);
  assert.equal(r.headers["cadre-event"], "approval.requested");
  assert.equal(r.headers["cadre-delivery"], r.json.id);
  assert.equal(r.json.type, "approval.requested");
  assert.equal(r.json.data.approvalId, id);
  assert.match(String(r.json.data.url), new RegExp(`/approvals/${id}$`));
  const row = await until("recorded", () =>
    db.delivery.findFirst({ where: { id: r.json.id, status: "delivered" }, include: { tries: true } }),
  );
  assert.equal(row.tries.length, 1);
  assert.equal(row.tries[0].status, "200");
  assert.equal(row.tries[0].excerpt, "thanks");
  // A tampered body does not verify.
  assert.throws(() => verify(hook.secret, { ...r, body: `${r.body} ` }));
  await n.stop();
  await disable(hook.id);
  await rx.close();
});

test("an approval for many people, announced in parts, reaches an endpoint once", async () => {
  const rx = await receiver();
  const hook = await endpoint(rx.url);
  const n = notifier("w-parts");
  await n.start();
  const id = `ap${++approvalN}`;
  const people = Array.from({ length: 150 }, (_, i) => `p${i}`);
  const payload = {
    v: 1 as const,
    at: new Date().toISOString(),
    approvalId: id,
    processRunId: "run",
    title: `Ship ${id}?`,
    status: "pending",
    approverUserIds: people,
  };
  // As lib/approvals/recipients.ts splits it: the same payload, the rooms 100 at a time.
  for (const part of [people.slice(0, 100), people.slice(100)])
    await publish({ name: "approval_required", payload, rooms: part.map((p) => `user:${p}`) });
  const marker = `ap${++approvalN}`;
  await approvalEvent("approval_required", marker);
  // The fan-out reads events in order: once the later event has gone out, both parts have been read.
  await until("the later event", () => rx.got.some((r) => r.json.data.approvalId === marker));
  assert.equal(await db.delivery.count({ where: { target: hook.id, orderKey: `approval:${id}` } }), 1);
  assert.equal(rx.got.filter((r) => r.json.data.approvalId === id).length, 1);
  await n.stop();
  await disable(hook.id);
  await rx.close();
});

test("failures are retried with growing waits, each attempt recorded; the log and Redeliver", async () => {
  let calls = 0;
  const rx = await receiver(() => (++calls <= 3 ? 500 : 200));
  const hook = await endpoint(rx.url);
  const n = notifier("w2");
  await n.start();
  await approvalEvent("approval_required", `ap${++approvalN}`);
  await until("the delivery", () => rx.got.length === 1);
  const d = await until("recorded", () =>
    db.delivery.findFirst({
      where: { target: hook.id, status: "delivered" },
      include: { tries: { orderBy: { at: "asc" } } },
    }),
  );
  assert.equal(d.attempts, 4);
  assert.deepEqual(
    d.tries.map((t) => t.status),
    ["500", "500", "500", "200"],
  );
  assert.match(d.tries[0].excerpt, /not now/);
  assert.equal(d.tries[0].error, "HTTP 500");
  const gaps = d.tries.slice(1).map((t, i) => t.at.getTime() - d.tries[i].at.getTime());
  // 40, 80, 160 ms: each wait at least the backoff, and the last ones longer than the first.
  for (const [i, g] of gaps.entries()) assert.ok(g >= 40 * 2 ** i - 5, `wait ${i + 1} was ${g} ms`);

  const list = await call(deliveriesRoute, "GET", "/api/deliveries?channel=webhook&status=delivered", {
    token: admin.token,
  });
  assert.equal(list.status, 200);
  const listed = list.body.deliveries.find((x: { id: string }) => x.id === d.id);
  assert.equal(listed.target, rx.url);
  const one = await call(deliveryRoute, "GET", "/", { token: admin.token, params: { id: d.id } });
  assert.equal(one.body.delivery.tries.length, 4);

  const again = await call(redeliverRoute, "POST", "/", { token: admin.token, params: { id: d.id } });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  await until("the second call", () => rx.got.length === 2);
  assert.equal(rx.got[1].json.id, d.id, "the same delivery id, so the receiver can tell");
  await until("recorded", async () => (await db.deliveryAttempt.count({ where: { deliveryId: d.id } })) === 5);
  const missing = await call(redeliverRoute, "POST", "/", { token: admin.token, params: { id: "nope" } });
  assert.equal(missing.status, 404);
  await n.stop();
  await disable(hook.id);
  await rx.close();
});

test("two notifiers, the receiver down then up, a restart: every event once, in order per approval", async () => {
  let down = true;
  const rx = await receiver(() => (down ? 503 : 200));
  const hook = await endpoint(rx.url);
  const a = notifier("wa");
  const b = notifier("wb");
  await Promise.all([a.start(), b.start()]);
  const ids = Array.from({ length: 8 }, () => `ap${++approvalN}`);
  for (const id of ids) await approvalEvent("approval_required", id);
  for (const id of ids) await approvalEvent("approval_reminder", id, 1);
  for (const id of ids) await approvalEvent("approval_decided", id);
  await until(
    "failed attempts",
    async () => (await db.deliveryAttempt.count({ where: { ok: false, delivery: { target: hook.id } } })) >= 8,
  );
  // One notifier stops (a restart) while the receiver is down; a new one takes its place.
  await a.stop();
  const c = notifier("wc");
  await c.start();
  down = false;
  await until("every event", () => rx.got.length >= ids.length * 3, 30_000);
  await new Promise((r) => setTimeout(r, 300));
  const seen = new Map<string, number>();
  for (const r of rx.got) seen.set(r.json.id, (seen.get(r.json.id) ?? 0) + 1);
  const twice = [...seen].filter(([, c]) => c > 1).map(([id]) => id);
  const detail = await db.deliveryAttempt.findMany({ where: { deliveryId: { in: twice } }, orderBy: { at: "asc" } });
  assert.equal(rx.got.length, ids.length * 3, `nothing twice: ${JSON.stringify(detail)}`);
  assert.equal(new Set(rx.got.map((r) => r.json.id)).size, ids.length * 3);
  for (const id of ids) {
    const types = rx.got.filter((r) => r.json.data.approvalId === id).map((r) => r.json.type);
    assert.deepEqual(types, ["approval.requested", "approval.reminder", "approval.decided"], `order for ${id}`);
  }
  const owners = await db.deliveryAttempt.groupBy({
    by: ["worker"],
    where: { ok: true, delivery: { target: hook.id } },
    _count: true,
  });
  assert.ok(owners.length >= 1);
  await b.stop();
  await c.stop();
  await disable(hook.id);
  await rx.close();
});

test("a notifier that dies holding a delivery: its lease runs out and another sends it", async () => {
  const rx = await receiver();
  const hook = await endpoint(rx.url);
  // Deliveries are made (fan-out) by a notifier that is then stopped before it sends anything.
  const id = `ap${++approvalN}`;
  await approvalEvent("approval_required", id);
  const maker = notifier("maker");
  const { fanOut, newFanOutState } = await import("@/lib/notifications/fanout");
  await fanOut(newFanOutState());
  const [held] = await claimDue("dead-worker", 10, 300);
  assert.ok(held, "the dead worker held a delivery");
  assert.equal(held.target, hook.id);
  void maker;
  const n = notifier("heir");
  await n.start();
  await until("the call", () => rx.got.length === 1);
  await until("its attempt", async () => (await db.deliveryAttempt.count({ where: { deliveryId: held.id } })) > 0);
  const tries = await db.deliveryAttempt.findMany({ where: { deliveryId: held.id } });
  assert.equal(tries.length, 1);
  assert.equal(tries[0].worker, "heir");
  await n.stop();
  await disable(hook.id);
  await rx.close();
});

test("Slack: one Block Kit message with the process, the step and a button into Cadre, for people who want it", async () => {
  const slack = await receiver();
  const res = await call(settingsRoute, "PUT", "/", { token: admin.token, body: { slackWebhookUrl: slack.url } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.settings.slack.webhookUrlSet, true);
  assert.ok(!JSON.stringify(res.body).includes(slack.url), "the webhook URL is a secret");
  const person = await createTestUser("user");
  await call(prefsRoute, "PUT", "/", { token: person.token, body: { email: false } });
  const n = notifier("ws");
  await n.start();
  await publish({
    name: "approval_required",
    payload: {
      v: 1,
      at: new Date().toISOString(),
      approvalId: "slack-ap",
      processRunId: "r",
      title: "Deploy?",
      status: "pending",
      approverUserIds: [person.id],
    },
    rooms: [`user:${person.id}`],
  });
  await until("the Slack message", () => slack.got.length === 1);
  const msg = slack.got[0].json as unknown as {
    text: string;
    blocks: { type: string; fields?: { text: string }[]; elements?: { url: string; text: { text: string } }[] }[];
  };
  assert.equal(msg.text, "Approval needed: Deploy?");
  assert.deepEqual(
    msg.blocks.map((b) => b.type),
    ["header", "section", "actions"],
  );
  assert.ok(msg.blocks[1].fields?.some((f) => f.text.startsWith("*Process*")));
  assert.ok(msg.blocks[1].fields?.some((f) => f.text.startsWith("*Step*")));
  assert.match(msg.blocks[2].elements?.[0].url ?? "", /\/approvals\/slack-ap$/);
  assert.equal(await db.delivery.count({ where: { channel: "email", target: person.id } }), 0, "email was turned off");

  // Nobody who wants Slack: no message.
  await call(prefsRoute, "PUT", "/", { token: person.token, body: { slack: false } });
  await publish({
    name: "approval_required",
    payload: {
      v: 1,
      at: new Date().toISOString(),
      approvalId: "slack-ap2",
      processRunId: "r",
      title: "Again?",
      status: "pending",
      approverUserIds: [person.id],
    },
    rooms: [`user:${person.id}`],
  });
  await n.poll();
  await n.poll();
  assert.equal(await db.delivery.count({ where: { channel: "slack", orderKey: "approval:slack-ap2" } }), 0);
  await n.stop();
  await slack.close();
});

test("events are not pruned from the outbox before the fan-out read them", async () => {
  const { pruneEvents } = await import("@/lib/events/feed");
  const cursor = await db.notificationCursor.findUniqueOrThrow({ where: { id: "fanout" } });
  await approvalEvent("approval_required", `ap${++approvalN}`);
  const newest = await db.event.findFirstOrThrow({ orderBy: { id: "desc" } });
  assert.ok(newest.id > cursor.lastEventId);
  await pruneEvents(db, -60_000);
  assert.ok(await db.event.findUnique({ where: { id: newest.id } }), "the unread event stays");
  assert.equal(
    await db.event.count({
      where: { id: { lte: (await db.notificationCursor.findUniqueOrThrow({ where: { id: "fanout" } })).lastEventId } },
    }),
    0,
  );
});

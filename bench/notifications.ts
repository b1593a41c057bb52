// Notifications benchmark: `npm run bench:notifications`. Real parts: a migrated database (SQLite file, or
// PostgreSQL with CADRE_TEST_DATABASE=postgres), the web's routes in this process, the real worker process (its
// notifier part sends), a local SMTP server (smtp-server) and a local webhook receiver. Prints:
// - burst: BENCH_NOTIFY_APPROVALS (default 100) approvals requested at once; from each approval's row (createdAt, written
//   with approval_required) to the SMTP server accepting its email, and to the webhook receiver getting its call: p50,
//   p95, max. Target p95 ≤ 1 s.
// - outage: the receiver answers 503 for BENCH_NOTIFY_DOWN_MINUTES (default 10; e.g. 0.5 for a quick run) while
//   approvals are requested and decided; then it answers 200. Every event must arrive, in order per approval, none
//   twice (by its Cadre-Delivery id); prints how long after the receiver came back the last one arrived.
import { Worker } from "node:worker_threads";
import { testDatabaseKind } from "@/tests/support/database";
import { startStack } from "@/tests/support/stack";

const APPROVALS = Number(process.env.BENCH_NOTIFY_APPROVALS ?? 100);
const DOWN_MINUTES = Number(process.env.BENCH_NOTIFY_DOWN_MINUTES ?? 10);
const OUTAGE_APPROVALS = Number(process.env.BENCH_NOTIFY_OUTAGE_APPROVALS ?? 50);

function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const fmt = (v: number | null) => (v === null ? "n/a" : `${Math.round(v)} ms`);
const line = (label: string, values: number[]) =>
  console.log(
    `${label.padEnd(44)} p50 ${fmt(pct(values, 50)).padStart(8)}   p95 ${fmt(pct(values, 95)).padStart(8)}   max ${fmt(pct(values, 100)).padStart(8)}   (n=${values.length})`,
  );

const stack = await startStack("bench-notifications", {
  CADRE_SCHEDULER: "off",
  ...(process.env.CADRE_DB_POOL_SIZE ? { CADRE_DB_POOL_SIZE: process.env.CADRE_DB_POOL_SIZE } : {}),
  ...(process.env.CADRE_NOTIFY_BACKOFF_MS ? { CADRE_NOTIFY_BACKOFF_MS: process.env.CADRE_NOTIFY_BACKOFF_MS } : {}),
  ...(process.env.CADRE_NOTIFY_BACKOFF_MAX_MS
    ? { CADRE_NOTIFY_BACKOFF_MAX_MS: process.env.CADRE_NOTIFY_BACKOFF_MAX_MS }
    : {}),
});
const { db } = await import("@/lib/db");
const { call } = await import("@/tests/support/http");
const { createTestUser } = await import("@/tests/support/users");
const p = await import("@/tests/support/processes");
const settingsRoute = await import("@/app/api/notifications/settings/route");
const webhooksRoute = await import("@/app/api/notifications/webhooks/route");
const webhookRoute = await import("@/app/api/notifications/webhooks/[id]/route");

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const approver = await createTestUser("user");

interface Call {
  delivery: string;
  type: string;
  approvalId: string;
  at: number;
}
// The receivers (webhook and SMTP) run on their own thread: this process also runs the web's routes, whose SQLite statements may hold its
// event loop while they wait for a lock, and a receiver that answered late would be retried (and counted twice).
const RECEIVER = `
const http = require("node:http");
const { parentPort } = require("node:worker_threads");
let down = false;
parentPort.on("message", (m) => { down = m.down; });
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    if (down) { res.writeHead(503).end("down"); return; }
    const json = JSON.parse(body);
    parentPort.postMessage({ call: { delivery: String(req.headers["cadre-delivery"]), type: json.type, approvalId: json.data.approvalId, at: Date.now() } });
    res.writeHead(200).end("ok");
  });
});
const { SMTPServer } = require("smtp-server");
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    let raw = "";
    stream.on("data", (c) => (raw += c));
    stream.on("end", () => {
      const subject = (/^Subject: (.*)$/im.exec(raw) || [])[1] || "";
      parentPort.postMessage({ mail: { subject, to: session.envelope.rcptTo.map((r) => r.address), at: Date.now() } });
      callback();
    });
  },
});
server.listen(0, "127.0.0.1", () =>
  smtp.listen(0, "127.0.0.1", () =>
    parentPort.postMessage({ port: server.address().port, smtpPort: smtp.server.address().port }),
  ),
);
`;
const calls: Call[] = [];
const mails: { subject: string; to: string[]; at: number }[] = [];
const receiver = new Worker(RECEIVER, { eval: true });
const ports = await new Promise<{ port: number; smtpPort: number }>((resolve) =>
  receiver.on("message", (m: { port?: number; smtpPort?: number; call?: Call; mail?: (typeof mails)[number] }) => {
    if (m.port && m.smtpPort) resolve({ port: m.port, smtpPort: m.smtpPort });
    if (m.call) calls.push(m.call);
    if (m.mail) mails.push(m.mail);
  }),
);
const receiverPort = ports.port;
const setDown = (down: boolean) => receiver.postMessage({ down });
const hookUrl = `http://127.0.0.1:${receiverPort}/hook`;

await call(settingsRoute, "PUT", "/", {
  token: admin.token,
  body: { smtpHost: "127.0.0.1", smtpPort: ports.smtpPort, smtpSecure: false, smtpFrom: "cadre@example.com" },
});
const hook = await call(webhooksRoute, "POST", "/", {
  token: admin.token,
  body: { url: hookUrl, events: ["approval.requested", "approval.decided"] },
});
const proc = await p.createProcess(
  admin,
  `name: bench-notify
steps:
  - id: review
    type: human_approval
    title: "Bench {{input.i}}"
    approvers: [${approver.email}]
`,
);

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await p.sleep(100);
  }
}

console.log(`notifications benchmark — ${testDatabaseKind()}, one worker`);

// ---- burst ----
const burst = await Promise.all(
  Array.from({ length: APPROVALS }, (_, i) => p.startRun(starter, proc.id, { i: `b${i}` })),
);
const burstRunIds = new Set(burst.map((r) => r.id));
await until(
  "every approval",
  async () => (await db.approval.count({ where: { runId: { in: [...burstRunIds] } } })) === APPROVALS,
  60_000,
);
const approvals = await db.approval.findMany({ where: { runId: { in: [...burstRunIds] } } });
await until("every email and call", () => mails.length >= APPROVALS && calls.length >= APPROVALS, 120_000);
const toEmail: number[] = [];
const toHook: number[] = [];
for (const a of approvals) {
  const mail = mails.find((m) => m.subject.includes(`${a.title}`) && m.subject.includes("Approval needed"));
  const hit = calls.find((c) => c.approvalId === a.id && c.type === "approval.requested");
  if (mail) toEmail.push(mail.at - a.createdAt.getTime());
  if (hit) toHook.push(hit.at - a.createdAt.getTime());
}
const made = await db.delivery.findMany({
  where: { orderKey: { in: approvals.map((a) => `approval:${a.id}`) } },
  include: { tries: { take: 1, orderBy: { at: "asc" } } },
});
const createdOf = new Map(approvals.map((a) => [`approval:${a.id}`, a.createdAt.getTime()]));
line(
  `burst of ${APPROVALS}: requested → delivery row made`,
  made.map((d) => d.createdAt.getTime() - (createdOf.get(d.orderKey) ?? 0)),
);
line(
  `burst of ${APPROVALS}: delivery row → first attempt recorded`,
  made.filter((d) => d.tries[0]).map((d) => d.tries[0].at.getTime() - d.createdAt.getTime()),
);
for (const channel of ["email", "webhook"])
  line(
    `burst of ${APPROVALS}: ${channel} send (attempt latency)`,
    made.filter((d) => d.channel === channel && d.tries[0]).map((d) => d.tries[0].latencyMs),
  );
line(`burst of ${APPROVALS}: requested → SMTP accepted`, toEmail);
line(`burst of ${APPROVALS}: requested → webhook received`, toHook);
const p95 = Math.max(pct(toEmail, 95) ?? Infinity, pct(toHook, 95) ?? Infinity);
console.log(`  target p95 ≤ 1000 ms: ${p95 <= 1000 ? "met" : "NOT met"}`);

// ---- outage ----
calls.length = 0;
setDown(true);
const downMs = DOWN_MINUTES * 60_000;
const downFrom = Date.now();
console.log(`receiver down for ${DOWN_MINUTES} min; ${OUTAGE_APPROVALS} approvals requested and decided meanwhile…`);
const runs = await Promise.all(
  Array.from({ length: OUTAGE_APPROVALS }, (_, i) => p.startRun(starter, proc.id, { i: `o${i}` })),
);
const outage: { id: string }[] = [];
for (const r of runs) outage.push(await p.pendingApproval(starter, r.id, "review"));
for (const a of outage) await p.decide(approver, a.id, "approve");
const outageIds = new Set(outage.map((a) => a.id));
const wait = downMs - (Date.now() - downFrom);
if (wait > 0) await p.sleep(wait);
const failedAttempts = await db.deliveryAttempt.count({ where: { ok: false, delivery: { channel: "webhook" } } });
setDown(false);
const upAt = Date.now();
await until(
  "every event after the outage",
  () => calls.filter((c) => outageIds.has(c.approvalId)).length >= outage.length * 2,
  30 * 60_000,
);
await p.sleep(2_000);
const got = calls.filter((c) => outageIds.has(c.approvalId));
const ids = new Set(got.map((c) => c.delivery));
let inOrder = 0;
for (const a of outage) {
  const types = got.filter((c) => c.approvalId === a.id).map((c) => c.type);
  if (types.join(",") === "approval.requested,approval.decided") inOrder++;
}
const lastAt = Math.max(...got.map((c) => c.at));
const seen = new Map<string, number>();
for (const c of got) seen.set(c.delivery, (seen.get(c.delivery) ?? 0) + 1);
const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
if (twice.length > 0)
  console.log(
    "  sent twice:",
    JSON.stringify(await db.deliveryAttempt.findMany({ where: { deliveryId: { in: twice } }, orderBy: { at: "asc" } })),
  );
console.log(`outage: ${failedAttempts} refused attempts while down`);
console.log(
  `  events delivered: ${got.length} of ${outage.length * 2}; twice: ${got.length - ids.size}; approvals in order: ${inOrder} of ${outage.length}`,
);
console.log(`  receiver up → last event received: ${fmt(lastAt - upAt)}`);
const ok = got.length === outage.length * 2 && ids.size === got.length && inOrder === outage.length;
console.log(`  every event, in order per approval, none twice: ${ok ? "yes" : "NO"}`);

await call(webhookRoute, "PATCH", "/", {
  token: admin.token,
  params: { id: hook.body.webhook.id },
  body: { enabled: false },
});
await stack.stop();
await receiver.terminate();
process.exit(ok && p95 <= 1000 ? 0 : 1);

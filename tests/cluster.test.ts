// A cluster on one PostgreSQL database: two web processes (A, B: the real server `npm start` runs) and three workers —
// W1 with every part, W2 with the scheduler, the runner and the socket hub (no process engine), W3 a runner only.
// 100 every-second schedules (10 of them with a running agent, see RUNNING) run for a minute while a worker is killed
// with SIGKILL twice (W1, then W2) and a web twice (A, then B), each started again at once. Then every schedule is disabled and the cluster settles. Shown:
// no slot has two rows; no slot is lost while a scheduler was up; nothing is left queued or running (runs are
// interrupted only on the killed workers); a schedule disabled through web A has no row for a slot more than 1 s
// after the request was answered. And a browser socket on W2 hears execution_finished for a run W3 made (its agent
// is pinned to W3's runner name) and approval_required for a process run W1's engine advanced.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { testDatabaseKind } from "./support/database";

if (testDatabaseKind() !== "postgres") {
  test.skip("cluster of two webs and three workers: needs PostgreSQL (run with CADRE_TEST_DATABASE=postgres)", () => {});
} else {
  await defineClusterTests();
}

async function defineClusterTests(): Promise<void> {
  const { setupTestEnv } = await import("./support/env");
  const env = setupTestEnv("cluster");
  const { freePort } = await import("./support/stack");
  const { startWorker } = await import("./support/worker");
  const { startWeb } = await import("./support/web");
  const { db, closeDatabase } = await import("@/lib/db");
  const { MISSED_BECAUSE } = await import("@/lib/schedules/slots");
  const { createTestUser } = await import("./support/users");
  const { connectSocket } = await import("./support/processes");
  const { call } = await import("./support/http");
  const agentsRoute = await import("@/app/api/agents/route");
  const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
  const disableRoute = await import("@/app/api/agents/[name]/schedules/[id]/disable/route");
  type StartedWorker = Awaited<ReturnType<typeof startWorker>>;
  type StartedWeb = Awaited<ReturnType<typeof startWeb>>;

  const SCHEDULES = 100;
  /**
   * The schedules whose agent is running, one agent each: every slot of theirs is a run of `true` on some runner. The
   * others belong to one stopped agent: their slots are claimed the same way (same transaction, unique key and marks)
   * but recorded `skipped` instead of run. A hundred real runs a second is more than a 2-core machine shared with other
   * suites keeps up with, and the backlog would take minutes to drain. One agent per running schedule because a run's
   * end locks its agent's row: many runs a second of one agent would queue there.
   */
  const RUNNING = 10;
  const RUN_FOR_MS = 60_000;
  /** How far past the answer of a disable a slot may still get a row (the bound the product promises). */
  const DISABLE_BOUND_MS = 1_000;

  type WorkerName = "W1" | "W2" | "W3";
  type WebName = "A" | "B";
  const WORKERS: Record<WorkerName, { parts: string; runnerName: string; web: WebName }> = {
    W1: { parts: "scheduler,engine,runner,sockets", runnerName: "w1", web: "A" },
    W2: { parts: "scheduler,runner,sockets", runnerName: "w2", web: "B" },
    W3: { parts: "runner", runnerName: "w3", web: "A" },
  };
  // Short leases and heartbeats, so a killed worker's runs are interrupted (and its row shows down) within seconds —
  // yet long enough that a live runner on a busy machine renews in time (it renews at a third of the lease). A few
  // runs at once per runner: more would only wait for the worker's connections, which its scheduler needs too.
  const WORKER_ENV = {
    CADRE_RUNNER_LEASE_MS: "10000",
    CADRE_RUNNER_MAX_RUNS: "8",
    CADRE_WORKER_HEARTBEAT_MS: "500",
    CADRE_WORKER_DOWN_AFTER_MS: "5000",
  };
  const WEB_ENV = { CADRE_DB_POOL_SIZE: "4" };

  /** One process's life: from ready to killed (or to the end of the file). */
  interface Life {
    name: WorkerName | WebName;
    pid: number;
    /** a worker's id on the bus (its Runner row, the runnerId of what it claims) */
    id: string | null;
    readyAt: number;
    /** when its scheduler had armed the schedules and caught up (it fires every slot from then on) */
    schedulerAt: number | null;
    killedAt: number | null;
    output: () => string;
  }

  const ports = {} as Record<WorkerName | WebName, number>;
  for (const name of ["A", "B", "W1", "W2", "W3"] as const) ports[name] = await freePort();
  const urlOf = (name: WorkerName | WebName) => `http://127.0.0.1:${ports[name]}`;
  const lives: Life[] = [];
  const workers = {} as Record<WorkerName, { proc: StartedWorker; life: Life }>;
  const webs = {} as Record<WebName, { proc: StartedWeb; life: Life }>;
  /** Every process's output is written here when the file ends. */
  const logDir = path.join(env.dir, "logs");

  /** The JSON log lines (`time`, `message`) of an output that match, in order. */
  function logLines(output: string, what: RegExp): { time: number; message: string }[] {
    const out: { time: number; message: string }[] = [];
    for (const line of output.split("\n")) {
      if (!what.test(line)) continue;
      try {
        const entry = JSON.parse(line) as { time: string; message: string };
        out.push({ time: Date.parse(entry.time), message: entry.message });
      } catch {
        // not a log line
      }
    }
    return out;
  }

  async function spawnWorker(name: WorkerName): Promise<void> {
    const spec = WORKERS[name];
    const proc = await startWorker(
      {
        ...WORKER_ENV,
        CADRE_WORKER_PORT: String(ports[name]),
        CADRE_WEB_URL: urlOf(spec.web),
        CADRE_WORKER_PARTS: spec.parts,
        CADRE_RUNNER_NAME: spec.runnerName,
      },
      180_000,
    );
    const out = proc.output();
    const scheduler = spec.parts.includes("scheduler") ? logLines(out, /scheduler armed \d+ schedule/)[0] : undefined;
    const life: Life = {
      name,
      pid: proc.proc.pid!,
      id: /registered as (\S+) \(runner name/.exec(out)?.[1] ?? null,
      readyAt: Date.now(),
      schedulerAt: scheduler?.time ?? null,
      killedAt: null,
      output: proc.output,
    };
    assert.ok(life.id, `${name} did not say its id:\n${out}`);
    if (spec.parts.includes("scheduler")) assert.ok(scheduler, `${name} did not say its scheduler started:\n${out}`);
    lives.push(life);
    workers[name] = { proc, life };
  }

  async function spawnWeb(name: WebName): Promise<void> {
    const proc = await startWeb(WEB_ENV, 180_000, ports[name]);
    const life: Life = {
      name,
      pid: proc.proc.pid!,
      id: null,
      readyAt: Date.now(),
      schedulerAt: null,
      killedAt: null,
      output: proc.output,
    };
    lives.push(life);
    webs[name] = { proc, life };
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const tails = () =>
    lives
      .filter((l) => l.killedAt === null)
      .map((l) => `--- ${l.name} (pid ${l.pid}):\n${l.output().slice(-1500)}`)
      .join("\n") + `\n(every process's whole output is written to ${logDir} when the file ends)`;

  async function waitFor<T>(
    what: string,
    fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
    timeoutMs = 180_000,
    everyMs = 250,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${tails()}`);
      await sleep(everyMs);
    }
  }

  /** Answers 503 ("the database is busy; try again shortly": nothing was written) that were tried again. */
  const busyAnswers: string[] = [];

  /**
   * An HTTP request to a web process with an API token; `at` is when the answer came. A 503 is tried again after a
   * pause, as the answer asks (on a loaded machine a change may wait past the lock timeout for a claim holding its row).
   */
  async function api(web: WebName, method: string, urlPath: string, token: string, body?: unknown) {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${urlOf(web)}${urlPath}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
      const text = await res.text();
      const at = Date.now();
      let parsed: any = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: kept as text for the assertion message
      }
      if (res.status === 503 && attempt < 20) {
        busyAnswers.push(`${method} ${urlPath}`);
        await sleep(250 * attempt);
        continue;
      }
      return { status: res.status, body: parsed, at };
    }
  }

  /** A route called in this process (support/http), a 503 tried again as api() does. */
  async function local(
    mod: Record<string, unknown>,
    method: string,
    url: string,
    opts: { params?: Record<string, string>; body?: unknown } = {},
  ) {
    for (let attempt = 1; ; attempt++) {
      const res = await call(mod, method, url, { token: admin.token, ...opts });
      if (res.status === 503 && attempt < 20) {
        busyAnswers.push(`${method} ${url}`);
        await sleep(250 * attempt);
        continue;
      }
      return { ...res, at: Date.now() };
    }
  }

  /** Runs `fn` over `items`, `width` at a time. */
  async function inParallel<T, R>(items: T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < items.length) {
          const i = next++;
          out[i] = await fn(items[i], i);
        }
      }),
    );
    return out;
  }

  await Promise.all([spawnWeb("A"), spawnWeb("B"), spawnWorker("W1"), spawnWorker("W2"), spawnWorker("W3")]);
  const admin = await createTestUser("admin");
  const approver = await createTestUser("user");

  after(async () => {
    await Promise.allSettled([
      ...Object.values(workers).map((w) => w.proc.stop("SIGTERM")),
      ...Object.values(webs).map((w) => w.proc.stop("SIGTERM")),
    ]);
    fs.mkdirSync(logDir, { recursive: true });
    for (const l of lives) fs.writeFileSync(path.join(logDir, `${l.name}-${l.pid}.log`), l.output());
    await closeDatabase();
  });

  const t = { start: 0 };
  const rel = (at: number) => `+${((at - t.start) / 1000).toFixed(1)} s`;
  const timeline: string[] = [];
  let timelineShown = false;

  async function restartWorker(name: WorkerName): Promise<void> {
    const { proc, life } = workers[name];
    life.killedAt = Date.now();
    await proc.stop("SIGKILL");
    await spawnWorker(name);
    const next = workers[name].life;
    const armed =
      next.schedulerAt === null
        ? ""
        : `, its scheduler ${logLines(next.output(), /scheduler armed \d+ schedule/)[0].message}`;
    timeline.push(
      `${name} killed (SIGKILL) at ${rel(life.killedAt)}; the new process was ready at ${rel(next.readyAt)}${armed}`,
    );
  }

  async function restartWeb(name: WebName): Promise<void> {
    const { proc, life } = webs[name];
    life.killedAt = Date.now();
    await proc.stop("SIGKILL");
    await spawnWeb(name);
    timeline.push(
      `web ${name} killed (SIGKILL) at ${rel(life.killedAt)}; the new process was ready at ${rel(webs[name].life.readyAt)}`,
    );
  }

  const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const figure = (line: string) => console.log(`# ${line}`);

  test("100 every-second schedules for a minute while workers and webs are killed: each slot once, none lost, all settled", {
    timeout: 900_000,
  }, async () => {
    try {
      await chaos();
    } finally {
      // A failure before the figures still shows how far the run got.
      if (!timelineShown) for (const line of timeline) figure(line);
    }
  });

  /** The minute of load and kills, and what it must show. */
  async function chaos(): Promise<void> {
    // The agents and their schedules (through the routes in this process: the setup is not what is shown, and it is
    // quicker): one running agent per running schedule, one stopped agent for the rest.
    const running = Array.from({ length: RUNNING }, (_, i) => ({ agent: `tick-${i}`, start: true }));
    const agents = [...running, { agent: "idle", start: false }];
    await inParallel(agents, 4, async ({ agent, start }) => {
      const res = await local(agentsRoute, "POST", "/api/agents", {
        body: { name: agent, runtime: "command", command: "true", concurrencyLimit: 8, start },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    });
    const specs = Array.from({ length: SCHEDULES }, (_, i) =>
      i < RUNNING ? { agent: `tick-${i}`, name: "every-second" } : { agent: "idle", name: `every-second-${i}` },
    );
    const schedules = await inParallel(specs, 4, async ({ agent, name }) => {
      const res = await local(schedulesRoute, "POST", `/api/agents/${agent}/schedules`, {
        params: { name: agent },
        body: { name, cron: "* * * * * *", message: "tick", overlapPolicy: "allow" },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return { agent, id: res.body.schedule.id as string };
    });
    const ids = schedules.map((s) => s.id);
    // Both schedulers have armed every schedule (each says so when it hears the schedule's creation).
    const armedIn = (output: string) => new Set(Array.from(output.matchAll(/\((c[a-z0-9]+)\) armed: /g), (m) => m[1]));
    await waitFor("W1 and W2 to arm every schedule", () =>
      (["W1", "W2"] as const).every((w) => {
        const armed = armedIn(workers[w].life.output());
        return ids.every((id) => armed.has(id));
      }),
    );
    t.start = Date.now();
    // A schedule fires from the first slot after it was created (late slots within the tolerance run as themselves).
    const created = await db.schedule.findMany({ where: { id: { in: ids } }, select: { createdAt: true } });
    const from = Math.max(...created.map((s) => floorSecond(s.createdAt.getTime()) + 1000));
    timeline.push(
      `schedules created ${iso(Math.min(...created.map((s) => s.createdAt.getTime())))} .. ${iso(from - 1000)}; armed on W1 and W2 at ${iso(t.start)} (+0 s)`,
    );

    // The minute of load. The workers are killed one after the other (W2 only once W1 is back, so a scheduler is always
    // up), the webs likewise, the two sequences side by side; each killed process is replaced at once by a new one.
    const at = (ms: number) => sleep(Math.max(0, t.start + ms - Date.now()));
    const [stopped, stoppedAgent] = [ids[0], schedules[0].agent];
    const early = { through: from - 1000, sentAt: 0, answeredAt: 0 };
    await Promise.all([
      (async () => {
        await at(8_000);
        await restartWorker("W1");
        await at(32_000);
        // W1's new scheduler fires for a couple of seconds on its own first, so every second has a scheduler up.
        await sleep(Math.max(0, workers.W1.life.schedulerAt! + 2_000 - Date.now()));
        await restartWorker("W2");
      })(),
      (async () => {
        await at(18_000);
        await restartWeb("A");
        // One schedule with a running agent is disabled through web A; its window ends with the latest slot it has a
        // row for by then (a schedule's slots get their rows in order).
        await at(26_000);
        const last = await db.execution.findFirst({
          where: { scheduleId: stopped },
          orderBy: { scheduledFor: "desc" },
          select: { scheduledFor: true },
        });
        if (last) early.through = last.scheduledFor!.getTime();
        early.sentAt = Date.now();
        const disabled = await api(
          "A",
          "POST",
          `/api/agents/${stoppedAgent}/schedules/${stopped}/disable`,
          admin.token,
        );
        assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
        assert.equal(disabled.body.schedule.enabled, false);
        early.answeredAt = disabled.at;
        timeline.push(
          `schedule ${stopped} disabled through web A: sent at ${rel(early.sentAt)}, answered ${early.answeredAt - early.sentAt} ms later`,
        );
        await at(44_000);
        await restartWeb("B");
      })(),
    ]);
    await at(RUN_FOR_MS);

    // The end of the window: every other schedule has a row for a slot at or after it (a late scheduler is waited
    // for, so no slot of the window is cut off by the disables below).
    const until = floorSecond(Date.now());
    const others = ids.filter((id) => id !== stopped);
    await waitFor(`every schedule to have fired up to ${iso(until)}`, async () => {
      const rows = await db.execution.groupBy({
        by: ["scheduleId"],
        where: { scheduleId: { in: others }, scheduledFor: { gte: new Date(until) } },
      });
      return rows.length === others.length;
    });
    const disableAllFrom = Date.now();
    const answeredAt = new Map<string, number>([[stopped, early.answeredAt]]);
    await inParallel(
      schedules.filter((s) => s.id !== stopped),
      4,
      async ({ agent, id }) => {
        const res = await local(disableRoute, "POST", `/api/agents/${agent}/schedules/${id}/disable`, {
          params: { name: agent, id },
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        answeredAt.set(id, res.at);
      },
    );
    timeline.push(
      `the other ${others.length} schedules disabled (through the route in this process) from ${rel(disableAllFrom)} to ${rel(Date.now())}`,
    );

    // Settled: nothing queued or running (a killed worker's runs are interrupted once their leases run out).
    await waitFor(
      "no execution queued or running",
      async () => (await db.execution.count({ where: { status: { in: ["queued", "running"] } } })) === 0,
      300_000,
      500,
    );
    const settledAt = Date.now();
    timeline.push(`settled (nothing queued or running) at ${rel(settledAt)}`);
    // Each live worker has written a heartbeat since, so the registry's figures include the end.
    await waitFor("a heartbeat of every live worker after settling", async () => {
      const live = Object.values(workers).map((w) => w.life.id!);
      const rows = await db.runner.findMany({
        where: { id: { in: live }, heartbeatAt: { gt: new Date(settledAt) } },
        select: { id: true },
      });
      return rows.length === live.length;
    });

    const rows = await db.execution.findMany({
      where: { scheduleId: { in: ids } },
      select: {
        id: true,
        scheduleId: true,
        scheduledFor: true,
        attempt: true,
        status: true,
        error: true,
        runnerId: true,
        createdAt: true,
        startedAt: true,
        finishedAt: true,
      },
    });
    const left = await db.execution.count({ where: { status: { in: ["queued", "running"] } } });

    // Duplicates: two rows for one attempt of a slot, or a slot without exactly one first attempt.
    const byKey = new Map<string, number>();
    const bySlot = new Map<string, { first: number; all: number }>();
    for (const r of rows) {
      const slot = `${r.scheduleId}@${r.scheduledFor!.toISOString()}`;
      byKey.set(`${slot}#${r.attempt}`, (byKey.get(`${slot}#${r.attempt}`) ?? 0) + 1);
      const s = bySlot.get(slot) ?? { first: 0, all: 0 };
      s.all += 1;
      if (r.attempt === 1) s.first += 1;
      bySlot.set(slot, s);
    }
    const duplicates = [...byKey].filter(([, n]) => n > 1);
    const notOneFirst = [...bySlot].filter(([, s]) => s.first !== 1);

    // Lost slots: every second of the window during which some scheduler process was up from before the second to
    // past its end must have a row for every schedule (the one disabled early only up to the slot it was seen to
    // fire before its disable). A row recorded as missed counts; those are reported with their reasons.
    const schedulerLives = lives.filter((l) => l.schedulerAt !== null);
    const covered = (slot: number) =>
      schedulerLives.some((l) => l.schedulerAt! <= slot && (l.killedAt === null || l.killedAt >= slot + 1000));
    const uncovered: string[] = [];
    const lost: string[] = [];
    let windowSlots = 0;
    for (let slot = from; slot <= until; slot += 1000) {
      if (!covered(slot)) {
        uncovered.push(iso(slot));
        continue;
      }
      for (const id of ids) {
        if (id === stopped && slot > early.through) continue;
        windowSlots += 1;
        if (!bySlot.has(`${id}@${iso(slot)}`)) lost.push(`${id}@${iso(slot)}`);
      }
    }

    // The disable bound: no row for a slot more than a second after the schedule's disable was answered — the one
    // disabled through web A in the middle of the run, and the others at the end. Measured against the rows, not
    // against when each worker heard the change: a claim locks the schedule's row and reads `enabled` in the same
    // transaction, and the disable's write waits for a claim holding that row, so once the disable is answered no
    // claim can add a row, however late a scheduler is or how slowly the event reaches it. When each worker heard it
    // (its log) is reported beside.
    const afterDisable = rows.filter(
      (r) => r.scheduledFor!.getTime() > answeredAt.get(r.scheduleId!)! + DISABLE_BOUND_MS,
    );
    const lastStopped = rows
      .filter((r) => r.scheduleId === stopped)
      .reduce<(typeof rows)[number] | null>((m, r) => (!m || r.scheduledFor! > m.scheduledFor! ? r : m), null);
    // When each scheduler alive then heard that disable (it logs that it disarmed the schedule), from the answer.
    const heard = schedulerLives
      .filter((l) => l.schedulerAt! <= early.sentAt && (l.killedAt === null || l.killedAt > early.answeredAt))
      .map((l) => {
        const when = logLines(l.output(), new RegExp(`${stopped}\\) disarmed`))[0]?.time;
        return `${l.name} (pid ${l.pid}) ${when === undefined ? "did not log it" : `${when - early.answeredAt} ms`}`;
      });

    // Interrupted runs: only those of the killed workers.
    const killedIds = new Set(lives.filter((l) => l.killedAt !== null && l.id).map((l) => l.id!));
    const interrupted = rows.filter((r) => r.status === "interrupted");
    const interruptedElsewhere = interrupted.filter((r) => !r.runnerId || !killedIds.has(r.runnerId));

    // Figures first, so a failure below still shows them.
    const lifeName = (id: string | null) => {
      const l = lives.find((x) => x.id === id);
      return l ? `${l.name}#${lives.filter((x) => x.name === l.name).indexOf(l) + 1}` : String(id);
    };
    const count = <K>(items: K[]) => {
      const m = new Map<K, number>();
      for (const k of items) m.set(k, (m.get(k) ?? 0) + 1);
      return [...m].map(([k, n]) => `${k}: ${n}`).join("; ");
    };
    const spread = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
      return sorted.length === 0
        ? "none"
        : `p50 ${pick(0.5)} ms, p99 ${pick(0.99)} ms, max ${sorted[sorted.length - 1]} ms`;
    };
    const reason = (error: string | null) =>
      (error ?? "(none)").replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>").replace(/\(c[a-z0-9]{20,}\)/g, "(<id>)");
    const runners = await db.runner.findMany({ where: { id: { in: lives.filter((l) => l.id).map((l) => l.id!) } } });
    const registry = new Map(runners.map((r) => [r.id, JSON.parse(r.stats) as Record<string, any>]));
    const skipped = rows.filter((r) => r.status === "skipped");
    const missedDownWhileUp = skipped.filter(
      (r) => r.error?.includes(MISSED_BECAUSE.down) && covered(r.scheduledFor!.getTime()),
    );
    const ran = rows.filter((r) => r.startedAt);

    for (const line of timeline) figure(line);
    timelineShown = true;
    figure(
      `window ${iso(from)} .. ${iso(until)}: ${(until - from) / 1000 + 1} s × ${ids.length} schedules (${RUNNING} with a running agent); ` +
        `${windowSlots} slots checked, ${lost.length} lost; seconds with no scheduler up for the whole second: ${uncovered.length}`,
    );
    figure(
      `rows: ${rows.length} for ${bySlot.size} slots; ${duplicates.length} duplicates; by status: ${count(rows.map((r) => r.status))}`,
    );
    figure(
      `claim lateness (row written − slot): ${spread(rows.filter((r) => r.attempt === 1).map((r) => r.createdAt.getTime() - r.scheduledFor!.getTime()))}`,
    );
    figure(
      `runs: ${ran.length}; queued → started ${spread(ran.map((r) => r.startedAt!.getTime() - r.createdAt.getTime()))}; ` +
        `started → finished ${spread(ran.filter((r) => r.finishedAt).map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime()))}`,
    );
    figure(
      `skipped/missed rows: ${skipped.length}${skipped.length ? ` — ${count(skipped.map((r) => reason(r.error)))}` : ""}`,
    );
    figure(
      `of them recorded "${MISSED_BECAUSE.down}" for a second some scheduler was up the whole of: ${missedDownWhileUp.length}`,
    );
    figure(
      `interrupted: ${interrupted.length} (${count(interrupted.map((r) => lifeName(r.runnerId))) || "none"}); killed workers: ${[...killedIds].map(lifeName).join(", ")}`,
    );
    for (const l of schedulerLives) {
      const s = registry.get(l.id!)?.scheduler;
      figure(
        `scheduler ${lifeName(l.id)} (pid ${l.pid}, ${l.killedAt ? `killed at ${rel(l.killedAt)}` : "alive"}): claims won/lost/failed ` +
          `${s ? `${s.claims.won}/${s.claims.lost}/${s.claims.failed}` : "?"}, missed ${s?.misses ?? "?"}, skipped ${s?.skips ?? "?"}, ` +
          `fire lateness p50/p99 ${s ? `${s.fireLatenessMs.p50}/${s.fireLatenessMs.p99} ms` : "?"} (its last heartbeat)`,
      );
    }
    figure(`runs per runner process: ${count(ran.map((r) => lifeName(r.runnerId)))}`);
    figure(
      `web answers 503 (busy, tried again): ${busyAnswers.length}${busyAnswers.length ? ` (${count(busyAnswers.map((a) => a.replace(/\/c[a-z0-9]{20,}/g, "/<id>").replace(/tick-\d+/g, "<agent>")))})` : ""}`,
    );
    figure(
      `disable through web A: answered ${early.answeredAt - early.sentAt} ms after it was sent; its last slot with a row is ` +
        (lastStopped
          ? `${lastStopped.scheduledFor!.getTime() - early.answeredAt} ms from the answer (row written ${lastStopped.createdAt.getTime() - early.answeredAt} ms from it); `
          : "none; ") +
        `disarmed by ${heard.join(", ")} from the answer`,
    );

    assert.deepEqual(duplicates, [], "slots with two rows for one attempt");
    assert.deepEqual(notOneFirst, [], "slots without exactly one first attempt");
    assert.deepEqual(lost, [], `slots with no row although a scheduler was up (${lost.length} of ${windowSlots})`);
    assert.ok((until - from) / 1000 >= RUN_FOR_MS / 1000 - 1, `the window is ${(until - from) / 1000} s`);
    assert.deepEqual(
      afterDisable.map(
        (r) =>
          `${r.scheduleId}@${r.scheduledFor!.toISOString()} (disable answered ${iso(answeredAt.get(r.scheduleId!)!)})`,
      ),
      [],
      "rows for slots after the disable bound",
    );
    assert.equal(left, 0, "executions queued or running after settling");
    assert.deepEqual(
      interruptedElsewhere.map((r) => `${r.id} on ${lifeName(r.runnerId)}: ${r.error}`),
      [],
      "runs interrupted on a worker that was not killed",
    );
  }

  test("a socket on W2 hears execution_finished for a run W3 made (agent pinned to W3's runner name)", {
    timeout: 300_000,
  }, async () => {
    const created = await api("B", "POST", "/api/agents", admin.token, {
      name: "pinned",
      runtime: "command",
      command: "cat",
      runnerName: WORKERS.W3.runnerName,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const socket = await connectSocket(admin, urlOf("W2"));
    try {
      const started = await api("A", "POST", "/api/agents/pinned/task", admin.token, {
        message: "hello from web A",
        async: true,
      });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const id = started.body.execution.id as string;
      const event = await waitFor(`execution_finished of ${id} on W2's socket`, () =>
        socket.received.find((e) => e.name === "execution_finished" && e.payload.executionId === id),
      );
      const row = await db.execution.findUniqueOrThrow({ where: { id } });
      assert.equal(row.status, "succeeded", row.error ?? "");
      assert.equal(row.response?.trim(), "hello from web A");
      assert.equal(row.runnerId, workers.W3.life.id, "the run was claimed by W3");
      assert.equal(event.payload.status, "succeeded");
      figure(
        `execution_finished of a run on W3 reached W2's socket ${event.at - row.finishedAt!.getTime()} ms after the run was recorded ` +
          `(${event.at - started.at} ms after web A answered the task)`,
      );
    } finally {
      socket.close();
    }
  });

  test("a socket on W2 hears approval_required for a process run advanced by W1 (the only process engine)", {
    timeout: 300_000,
  }, async () => {
    const writer = await api("A", "POST", "/api/agents", admin.token, {
      name: "writer",
      runtime: "command",
      command: "cat",
      concurrencyLimit: 4,
    });
    assert.equal(writer.status, 201, JSON.stringify(writer.body));
    const yaml = `name: cluster-review
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "draft {{input.topic}}"
  - id: review
    type: human_approval
    title: "Review {{input.topic}}"
    approvers: [${approver.email}]
`;
    const proc = await api("A", "POST", "/api/processes", admin.token, { yaml });
    assert.equal(proc.status, 201, JSON.stringify(proc.body));
    const socket = await connectSocket(approver, urlOf("W2"));
    try {
      const run = await api("B", "POST", `/api/processes/${proc.body.process.id}/runs`, admin.token, {
        input: { topic: "the cluster" },
      });
      assert.equal(run.status, 202, JSON.stringify(run.body));
      const runId = run.body.run.id as string;
      const event = await waitFor(`approval_required of run ${runId} on W2's socket`, () =>
        socket.received.find((e) => e.name === "approval_required" && e.payload.processRunId === runId),
      );
      const approval = await db.approval.findFirstOrThrow({ where: { runId } });
      assert.equal(event.payload.approvalId, approval.id);
      assert.ok(workers.W1.life.output().includes(`waiting for approval ${approval.id}`), "W1's engine paused the run");
      assert.ok(!workers.W2.life.output().includes(`waiting for approval ${approval.id}`), "W2 runs no engine");
      const draft = await db.stepRun.findFirstOrThrow({ where: { runId, stepId: "draft" } });
      const execution = await db.execution.findUniqueOrThrow({ where: { id: draft.executionId! } });
      figure(
        `approval_required reached W2's socket ${event.at - approval.createdAt.getTime()} ms after W1 paused the run ` +
          `(${event.at - run.at} ms after web B answered the start; the agent step ran on ${execution.runnerId})`,
      );
    } finally {
      socket.close();
    }
  });
}

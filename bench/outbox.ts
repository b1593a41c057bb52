// Events through the outbox (run by bench/run.ts, one child per database): a browser's socket connected to a worker's
// socket hub (the last one started) hears
// - schedule_changed after each PUT /api/agents/{name}/schedules/{id}, timed from the API's answer;
// - execution_finished of each task, timed from the row's finishedAt (written by the runner with its event);
// - execution_queued of each task, timed from the answer of POST /api/agents/{name}/task;
// and each worker's scheduler re-arms the changed schedule (its log line "… armed: <cron>"), timed from the answer:
// a schedule change is live on every worker once the last one has it. SQLite runs 1 worker, PostgreSQL 3.
import { atMostMs, type Figure, ms, pct } from "./lib/figures";
import { connectBrowser, createAdmin, logLines, sleep, startWeb, startWorkers, stopAndReport } from "./lib/harness";
import { createAgents, type ScenarioContext, scaled } from "./lib/scenario";

export async function outbox(ctx: ScenarioContext): Promise<Figure[]> {
  const { db } = await import("@/lib/db");
  const changes = scaled(ctx, 100, 20);
  const tasks = scaled(ctx, 100, 20);
  const web = await startWeb();
  try {
    const admin = await createAdmin();
    const [agent] = await createAgents(web, admin, "live", 1, { command: "cat", concurrencyLimit: 4 });
    const created = await web.request("POST", `/api/agents/${agent.name}/schedules`, {
      token: admin.token,
      body: { name: "nightly", cron: "0 3 * * *", message: "report" },
    });
    if (created.status !== 201)
      throw new Error(`creating the schedule: ${created.status} ${JSON.stringify(created.body)}`);
    const scheduleId: string = created.body.schedule.id;
    const workers = await startWorkers(ctx.workers, web);
    try {
      const browser = await connectBrowser(web, admin, workers.list[workers.list.length - 1].url, [agent.name]);
      try {
        // ---- schedule changes
        const cronOf = (i: number) => `${i % 60} ${Math.floor(i / 60) % 24} * * *`;
        const answers: { cron: string; answeredAt: number; eventAt: number }[] = [];
        ctx.progress(`${changes} schedule changes, ${tasks} tasks`);
        for (let i = -3; i < changes; i++) {
          const cron = cronOf(i + 3);
          const heard = browser.next((e) => e.name === "schedule_changed" && e.payload.scheduleId === scheduleId);
          const res = await web.request("PUT", `/api/agents/${agent.name}/schedules/${scheduleId}`, {
            token: admin.token,
            body: { cron },
          });
          const answeredAt = Date.now();
          if (res.status !== 200) throw new Error(`PUT schedule: ${res.status} ${JSON.stringify(res.body)}`);
          const event = await heard;
          if (i >= 0) answers.push({ cron, answeredAt, eventAt: event.at });
          // Changes a little apart, as people make them: each is timed alone.
          await sleep(20 + Math.random() * 60);
        }
        // When each worker armed each expression (its log line), from the API's answer.
        await sleep(1_500);
        const live: number[] = [];
        const notLive: string[] = [];
        const armedAt = workers.list.map((w) => {
          const at = new Map<string, number>();
          for (const l of logLines(w.output())) {
            const m = / armed: (.+?) \(/.exec(l.message);
            if (m && l.message.includes(scheduleId) && !at.has(m[1])) at.set(m[1], l.time);
          }
          return at;
        });
        for (const a of answers) {
          const times = armedAt.map((at) => at.get(a.cron));
          if (times.some((t) => t === undefined)) notLive.push(a.cron);
          else live.push(Math.max(...(times as number[])) - a.answeredAt);
        }

        // ---- tasks
        const queued: number[] = [];
        const finished: { id: string; at: number }[] = [];
        for (let i = -3; i < tasks; i++) {
          const mark = browser.received.length;
          const res = await web.request("POST", `/api/agents/${agent.name}/task`, {
            token: admin.token,
            body: { message: `task ${i}`, async: true },
          });
          const answeredAt = Date.now();
          if (res.status !== 202) throw new Error(`POST task: ${res.status} ${JSON.stringify(res.body)}`);
          const id: string = res.body.execution.id;
          const q = await browser.next(
            (e) => e.name === "execution_queued" && e.payload.executionId === id,
            10_000,
            mark,
          );
          const f = await browser.next(
            (e) => e.name === "execution_finished" && e.payload.executionId === id,
            30_000,
            mark,
          );
          if (i >= 0) {
            queued.push(q.at - answeredAt);
            finished.push({ id, at: f.at });
          }
        }
        const rows = new Map(
          (
            await db.execution.findMany({
              where: { id: { in: finished.map((f) => f.id) } },
              select: { id: true, finishedAt: true },
            })
          ).map((r) => [r.id, r.finishedAt!.getTime()]),
        );
        const finishedLatency = finished.map((f) => f.at - rows.get(f.id)!);
        const changed = answers.map((a) => a.eventAt - a.answeredAt);
        const where = `${ctx.workers} worker${ctx.workers === 1 ? "" : "s"}`;
        const p = (v: number[]) => `p50 ${ms(pct(v, 50))}, max ${ms(pct(v, 100))}, n=${v.length}`;
        return [
          atMostMs(
            "3.changed",
            "3. PUT schedule answered → schedule_changed at the browser, p95",
            pct(changed, 95),
            100,
            p(changed),
          ),
          atMostMs(
            "3.finished",
            "   run finished (row's finishedAt) → execution_finished at the browser, p95",
            pct(finishedLatency, 95),
            100,
            p(finishedLatency),
          ),
          atMostMs(
            "3.queued",
            "   POST task answered → execution_queued at the browser, p95",
            pct(queued, 95),
            100,
            p(queued),
          ),
          atMostMs(
            "3.live",
            "   schedule change answered → re-armed on every worker, max (SQLite 1 worker, PostgreSQL 3)",
            notLive.length === 0 ? pct(live, 100) : null,
            1000,
            `p50 ${ms(pct(live, 50))}, ${where}${notLive.length ? `, ${notLive.length} changes never armed on some worker` : ""}`,
          ),
        ];
      } finally {
        browser.close();
      }
    } finally {
      await stopAndReport(workers, ctx.progress);
    }
  } finally {
    await web.close();
  }
}

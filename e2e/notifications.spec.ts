// Notifications in a real browser: an admin configures SMTP (a local SMTP server) and a webhook (a local receiver),
// an approval is requested, the delivery log shows the webhook's attempt and Redeliver sends it again; a person
// turns email off on their profile.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { expect, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

test("admin sets up SMTP and a webhook, sees the delivery log, redelivers; a person toggles their choices", async ({
  page,
}) => {
  const mails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        mails.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const calls: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      calls.push(body);
      res.writeHead(200).end("received");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cadre`;

  try {
    const { needed } = await (await page.request.get("/api/setup")).json();
    if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
    await signIn(page.request, admin.email, admin.password);

    // SMTP, with a test email.
    await page.goto("/settings");
    await page.getByLabel("SMTP host").fill("127.0.0.1");
    await page.getByLabel("SMTP port").fill(String(smtpPort));
    await page.getByLabel("From address").fill("cadre@example.com");
    await page.getByRole("button", { name: "Save channels" }).click();
    await expect(page.getByText("Notification channels saved.")).toBeVisible();
    await page.getByRole("button", { name: "Send test email" }).click();
    await expect(page.getByRole("status").filter({ hasText: /Sent — 250/ })).toBeVisible();

    // A webhook: its secret is shown once.
    const form = page.getByRole("form", { name: "Add a webhook endpoint" });
    await form.getByLabel("Endpoint URL").fill(hookUrl);
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByTestId("webhook-secret")).toContainText("whsec_");
    await expect(page.getByText(hookUrl, { exact: true })).toBeVisible();
    await page.getByRole("button", { name: `Send test to ${hookUrl}` }).click();
    await expect(page.getByRole("status").filter({ hasText: /Sent — 200/ })).toBeVisible();

    // An approval is requested: the webhook hears of it.
    const name = `notify-${Date.now().toString(36)}`;
    const proc = await page.request.post("/api/processes", {
      data: {
        // No approvers listed: anyone signed in may decide (the starter may not approve their own run).
        yaml: `name: ${name}\nsteps:\n  - id: ok\n    type: human_approval\n    title: "Notify me?"\n`,
      },
    });
    expect(proc.status()).toBe(201);
    const processId = (await proc.json()).process.id as string;
    expect((await page.request.post(`/api/processes/${processId}/runs`, { data: { input: {} } })).status()).toBe(202);
    await expect
      .poll(() => calls.filter((c) => c.includes('"approval.requested"')).length, { timeout: 20_000 })
      .toBe(1);

    // The delivery log: the attempt, then Redeliver.
    await page.goto("/deliveries");
    await page.getByLabel("Channel").selectOption("webhook");
    const row = page
      .getByRole("list", { name: "Deliveries" })
      .getByRole("listitem")
      .filter({ hasText: hookUrl })
      .first();
    await expect(row).toContainText("delivered");
    await row.getByRole("button", { name: "Attempts" }).click();
    await expect(row.getByRole("list", { name: "Attempts" })).toContainText("200");
    await row.getByRole("button", { name: "Redeliver" }).click();
    await expect(row.getByText("Queued to send again.")).toBeVisible();
    await expect
      .poll(() => calls.filter((c) => c.includes('"approval.requested"')).length, { timeout: 20_000 })
      .toBe(2);

    // A person's own choices.
    await page.goto("/profile");
    const email = page.getByLabel("Email me");
    await expect(email).toBeChecked();
    await email.uncheck();
    await page.getByLabel("A run of my agent failed").uncheck();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Your notification choices are saved.")).toBeVisible();
    const prefs = await (await page.request.get("/api/me/notifications")).json();
    expect(prefs.preferences.email).toBe(false);
    expect(prefs.preferences.events).not.toContain("execution.failed");
    await page.reload();
    await expect(page.getByLabel("Email me")).not.toBeChecked();
    expect(mails.length).toBeGreaterThanOrEqual(1);
  } finally {
    await new Promise<void>((r) => smtp.close(() => r()));
    await new Promise<void>((r) => receiver.close(() => r()));
  }
});

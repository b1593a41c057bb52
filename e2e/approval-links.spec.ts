// A one-click decision link as an approver meets it in an email: opened in a browser that is not signed in, the page
// shows what will be decided and for whom, and decides only when Confirm is pressed; fetching the link (as a link
// scanner or a preview would) decides nothing; opened again, it says it was already used.
import { expect, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const id = Date.now().toString(36);
const bob = { name: "Bob Approver", email: `bob-links-${id}@example.com`, password: "battery-staple-horse" };
const processName = `release-links-${id}`;

test.describe.configure({ mode: "serial" });

let approvalId: string;
let approvePath: string;
let processId: string;

test.beforeAll(async ({ browser }) => {
  const ada = await browser.newContext();
  const { needed } = await (await ada.request.get("/api/setup")).json();
  if (needed) expect((await ada.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(ada.request, admin.email, admin.password);
  expect((await ada.request.post("/api/users", { data: { ...bob, role: "user" } })).status()).toBe(201);
  const yaml = `name: ${processName}
steps:
  - id: release
    type: human_approval
    title: "Ship release {{input.version}}?"
    description: "Tagged and tested."
    approvers: [${bob.email}]
`;
  const created = await ada.request.post("/api/processes", { data: { yaml } });
  expect(created.status(), await created.text()).toBe(201);
  processId = (await created.json()).process.id;
  const started = await ada.request.post(`/api/processes/${processId}/runs`, { data: { input: { version: "2.4.0" } } });
  expect(started.status(), await started.text()).toBe(202);
  const runId = (await started.json()).run.id;
  await expect
    .poll(async () => {
      const run = (await (await ada.request.get(`/api/process-runs/${runId}`)).json()).run;
      approvalId = run.steps.find((s: { stepId: string }) => s.stepId === "release")?.approval?.id;
      return run.status;
    })
    .toBe("paused");
  await ada.close();

  // The links the notifier would email to Bob.
  const bobContext = await browser.newContext();
  await signIn(bobContext.request, bob.email, bob.password);
  const links = await bobContext.request.post(`/api/approvals/${approvalId}/links`);
  expect(links.status(), await links.text()).toBe(201);
  approvePath = new URL((await links.json()).links.approve).pathname;
  await bobContext.close();
});

test("a link fetched many times decides nothing, and is neither cached nor referred on", async ({ browser }) => {
  const scanner = await browser.newContext();
  for (let i = 0; i < 5; i++) {
    const res = await scanner.request.get(approvePath, { maxRedirects: 0 });
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toContain("no-store");
    expect(res.headers()["referrer-policy"]).toBe("no-referrer");
  }
  await scanner.close();
  const ada = await browser.newContext();
  await signIn(ada.request, admin.email, admin.password);
  const approval = (await (await ada.request.get(`/api/approvals/${approvalId}`)).json()).approval;
  expect(approval.status).toBe("pending");
  expect(approval.decisions).toHaveLength(0);
  await ada.close();
});

test("signed out, the link shows what will be decided, Confirm decides, and opening it again says it was used", async ({
  page,
}) => {
  await page.goto(approvePath);
  await expect(page.getByRole("heading", { name: "Approve: Ship release 2.4.0?" })).toBeVisible();
  await expect(page.getByText(processName)).toBeVisible();
  await expect(page.getByText("version: 2.4.0")).toBeVisible();
  await expect(page.getByText("Tagged and tested.")).toBeVisible();
  await expect(page.getByText(`Approve as ${bob.email}`)).toBeVisible();

  await page.getByRole("button", { name: "Confirm: approve" }).click();
  await expect(page.getByRole("status")).toHaveText("Approved. The approval is now approved.");

  await page.goto(approvePath);
  await expect(page.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  await expect(page.getByText(/This link was already used on \d{4}-/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
});

test("a link opened in a browser signed in as someone else is refused and decides nothing", async ({ browser }) => {
  const ada = await browser.newContext();
  await signIn(ada.request, admin.email, admin.password);
  const started = await ada.request.post(`/api/processes/${processId}/runs`, { data: { input: { version: "2.5.0" } } });
  const runId = (await started.json()).run.id;
  let second = "";
  await expect
    .poll(async () => {
      const run = (await (await ada.request.get(`/api/process-runs/${runId}`)).json()).run;
      second = run.steps.find((s: { stepId: string }) => s.stepId === "release")?.approval?.id ?? "";
      return run.status;
    })
    .toBe("paused");
  const bobContext = await browser.newContext();
  await signIn(bobContext.request, bob.email, bob.password);
  const links = await bobContext.request.post(`/api/approvals/${second}/links`);
  const rejectPath = new URL((await links.json()).links.reject).pathname;
  await bobContext.close();

  const page = await ada.newPage();
  await page.goto(rejectPath);
  await expect(page.getByRole("heading", { name: "This link is for someone else" })).toBeVisible();
  await expect(
    page.getByText(/This link was sent to b…@example\.com; sign out or ask for your own link/),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
  const approval = (await (await ada.request.get(`/api/approvals/${second}`)).json()).approval;
  expect(approval.status).toBe("pending");
  await ada.close();
});

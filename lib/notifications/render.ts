// What each channel sends for an event: an email (subject, text, HTML), a Slack message (Block Kit with the
// process, the step, a summary of the context and buttons into Cadre), a webhook body (JSON). Rendered when the
// delivery is made, so a retry sends the same thing.
import type { NotificationEvent } from "./events";

/** What is known about the event's subject when it is rendered. */
export interface NotificationFacts {
  event: NotificationEvent;
  /** when the change happened (the outbox event's time) */
  at: string;
  /** a one-line headline, e.g. `Approval needed: Ship it?` */
  headline: string;
  /** label → value lines shown in every channel (Process, Step, Agent, …) */
  fields: [string, string][];
  /** a few lines about the context, or "" */
  summary: string;
  /** the main link into Cadre, and its button's label */
  link: { url: string; label: string };
  /** what webhook receivers get under `data` */
  data: Record<string, unknown>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** One-click decision links for the email's recipient (lib/approvals/action-links.ts): each opens a confirm page. */
export interface EmailActions {
  approve: string;
  reject: string;
  expiresAt: string;
}

export function renderEmail(f: NotificationFacts, to: string, link = f.link, actions?: EmailActions): EmailMessage {
  const lines = f.fields.map(([k, v]) => `${k}: ${v}`);
  const until = actions ? new Date(actions.expiresAt).toUTCString() : "";
  const decide = actions
    ? [
        "",
        `Approve: ${actions.approve}`,
        `Reject: ${actions.reject}`,
        `(Each opens a page that asks you to confirm; it works once, for you only, until ${until}.)`,
      ]
    : [];
  const text = [
    f.headline,
    "",
    ...lines,
    ...(f.summary ? ["", f.summary] : []),
    "",
    `${link.label}: ${link.url}`,
    ...decide,
    "",
  ].join("\n");
  const rows = f.fields
    .map(
      ([k, v]) => `<tr><th align="left" style="padding-right:12px">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
    )
    .join("");
  const buttons = actions
    ? `<p><a href="${escapeHtml(actions.approve)}">Approve…</a> · <a href="${escapeHtml(actions.reject)}">Reject…</a></p>
<p style="color:#555;font-size:12px">Each opens a page that asks you to confirm; it works once, for you only, until ${escapeHtml(until)}.</p>`
    : "";
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h1 style="font-size:18px">${escapeHtml(f.headline)}</h1>
<table>${rows}</table>
${f.summary ? `<pre style="white-space:pre-wrap">${escapeHtml(f.summary)}</pre>` : ""}
<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>
${buttons}
</body></html>`;
  return { to, subject: `[Cadre] ${f.headline}`.slice(0, 200), text, html };
}

/** Slack's mrkdwn treats &, < and > specially. */
const escapeSlack = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderSlack(f: NotificationFacts): SlackMessage {
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: f.headline.slice(0, 150), emoji: false } },
  ];
  if (f.fields.length > 0)
    blocks.push({
      type: "section",
      fields: f.fields
        .slice(0, 10)
        .map(([k, v]) => ({ type: "mrkdwn", text: `*${escapeSlack(k)}*\n${escapeSlack(v)}` })),
    });
  if (f.summary)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: escapeSlack(f.summary).slice(0, 2900) } });
  blocks.push({
    type: "actions",
    elements: [
      { type: "button", text: { type: "plain_text", text: f.link.label }, url: f.link.url, style: "primary" },
      ...(f.event.startsWith("approval.")
        ? [
            {
              type: "button",
              text: { type: "plain_text", text: "All approvals" },
              url: f.link.url.replace(/\/[^/]+$/, ""),
            },
          ]
        : []),
    ],
  });
  return { text: f.headline, blocks };
}

/** A webhook's JSON body; `id` is the delivery's, the same on every retry (receivers drop repeats by it). */
export function renderWebhook(f: NotificationFacts, deliveryId: string, eventId: bigint): string {
  return JSON.stringify({ id: deliveryId, type: f.event, eventId: eventId.toString(), createdAt: f.at, data: f.data });
}

/** A few lines of an approval's context: its input's fields, cut short. */
export function contextSummary(contextJson: string): string {
  let context: { input?: unknown };
  try {
    context = JSON.parse(contextJson) as { input?: unknown };
  } catch {
    return "";
  }
  const input = context.input;
  if (!input || typeof input !== "object") return "";
  const lines = Object.entries(input as Record<string, unknown>)
    .slice(0, 8)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`.slice(0, 200));
  return lines.join("\n").slice(0, 1500);
}

// What the notification API reads and answers, shared by the routes and the pages that call them.
import { z } from "zod";
import { NotificationEventName } from "./events";
import { OutboundUrl } from "./outbound";

const eventList = z.array(NotificationEventName).max(20, "lists each event at most once");

/** PUT /api/me/notifications: absent fields stay as they are. */
export const PreferencesPatch = z.strictObject({
  email: z.boolean().optional(),
  slack: z.boolean().optional(),
  events: eventList.optional(),
});
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;

export interface PreferencesDto {
  email: boolean;
  slack: boolean;
  events: string[];
}

/** PUT /api/notifications/settings: undefined leaves a value, null or "" clears it. */
export const ChannelSettingsPatch = z.strictObject({
  smtpHost: z
    .string()
    .trim()
    .max(255)
    .regex(/^[A-Za-z0-9.:[\]-]*$/, "must be a host name or an IP address")
    .nullish(),
  smtpPort: z.number().int().min(1).max(65535).nullish(),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it */
  smtpSecure: z.boolean().optional(),
  smtpUser: z.string().trim().max(255).nullish(),
  smtpPassword: z.string().max(500).nullish(),
  smtpFrom: z.string().trim().max(320).email("must be an email address").or(z.literal("")).nullish(),
  slackWebhookUrl: OutboundUrl.or(z.literal("")).nullish(),
});
export type ChannelSettingsPatch = z.infer<typeof ChannelSettingsPatch>;

export interface ChannelSettingsDto {
  smtp: {
    host: string | null;
    port: number;
    secure: boolean;
    user: string | null;
    passwordSet: boolean;
    from: string | null;
    configured: boolean;
  };
  slack: { webhookUrlSet: boolean; webhookUrlPreview: string | null };
}

/** POST /api/notifications/test: sends a test message now on one channel and answers how it went. */
export const ChannelTest = z.strictObject({
  channel: z.enum(["email", "slack"]),
  /** email: where to send it (default: the admin's own address) */
  to: z.string().trim().email("must be an email address").max(320).optional(),
});

export const WebhookCreate = z.strictObject({
  url: OutboundUrl,
  description: z.string().trim().max(200).default(""),
  events: eventList.min(1, "choose at least one event"),
  enabled: z.boolean().default(true),
});
export const WebhookPatch = z.strictObject({
  url: OutboundUrl.optional(),
  description: z.string().trim().max(200).optional(),
  events: eventList.min(1, "choose at least one event").optional(),
  enabled: z.boolean().optional(),
});
export type WebhookPatch = z.infer<typeof WebhookPatch>;

export interface WebhookDto {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  createdAt: string;
}

export const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "is not an id"),
});

export const DeliveryListQuery = z.strictObject({
  status: z.enum(["pending", "delivered", "failed"]).optional(),
  channel: z.enum(["email", "slack", "webhook"]).optional(),
  event: NotificationEventName.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** the createdAt,id of the last row of the previous page */
  before: z.string().max(100).optional(),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

export interface DeliveryAttemptDto {
  at: string;
  ok: boolean;
  status: string | null;
  latencyMs: number;
  excerpt: string;
  error: string | null;
}

export interface DeliveryDto {
  id: string;
  event: string;
  channel: string;
  /** who or where: an email address, "Slack", the endpoint's URL */
  target: string;
  orderKey: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  tries?: DeliveryAttemptDto[];
}

export interface TestResult {
  ok: boolean;
  status: string | null;
  latencyMs: number;
  excerpt: string;
  error: string | null;
}

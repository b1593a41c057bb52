// POST /api/notifications/test — send a test email or Slack message now and answer how it went (admin)
import { route } from "@/lib/api/handler";
import { ChannelTest } from "@/lib/notifications/schemas";
import { sendChannelTest } from "@/lib/notifications/testing";

export const POST = route({ access: "admin", body: ChannelTest }, async ({ who, body }) => ({
  result: await sendChannelTest(body, who.userId),
}));

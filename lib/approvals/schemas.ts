// Input shapes for one-click links, approver groups and delegation, shared by the routes, the API reference and the
// browser forms.
import { z } from "zod";
import { EmailSchema } from "@/lib/auth/user-schemas";
import { GroupName } from "@/lib/processes/schemas";
import { safeText } from "@/lib/text/safe-text";

export const ActInput = z.strictObject({
  token: z.string().trim().min(1, "token is empty").max(200, "at most 200 characters"),
});

export const GroupParams = z.object({ name: z.string().min(1).max(200) });

const Members = z.array(EmailSchema).max(500, "at most 500 members");
const Description = z.string().trim().max(500, "at most 500 characters").superRefine(safeText());

export const GroupCreateInput = z.strictObject({
  name: GroupName,
  description: Description.optional(),
  members: Members.default([]),
});
export type GroupCreateInput = z.infer<typeof GroupCreateInput>;

export const GroupUpdateInput = z.strictObject({ description: Description.optional(), members: Members.optional() });
export type GroupUpdateInput = z.infer<typeof GroupUpdateInput>;

export const DelegateInput = z.strictObject({ to: EmailSchema });

const Instant = z.iso.datetime({ offset: true, message: "an ISO date and time, e.g. 2026-12-01T09:00:00Z" });

export const DelegationCreateInput = z
  .strictObject({ to: EmailSchema, startsAt: Instant.optional(), endsAt: Instant })
  .refine((d) => !d.startsAt || Date.parse(d.endsAt) > Date.parse(d.startsAt), {
    path: ["endsAt"],
    message: "must be after startsAt",
  });
export type DelegationCreateInput = z.infer<typeof DelegationCreateInput>;

export interface UserRefDto {
  id: string;
  name: string;
  email: string;
}

export interface ApproverGroupDto {
  name: string;
  description: string;
  members: UserRefDto[];
  createdAt: string;
  updatedAt: string;
}

export interface DelegationDto {
  id: string;
  from: UserRefDto;
  to: UserRefDto;
  /** one approval; null: all of `from`'s approvals between startsAt and endsAt */
  approval: { id: string; title: string } | null;
  startsAt: string | null;
  endsAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  /** it applies now */
  active: boolean;
}

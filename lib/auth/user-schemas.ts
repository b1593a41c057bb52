// Input shapes for people and tokens, shared by the API routes, the CLI and the browser forms.
import { z } from "zod";
import { safeText } from "@/lib/text/safe-text";

export const RoleSchema = z.enum(["admin", "user"]);

// better-auth accepts 8..128 characters (minPasswordLength in auth.ts, its default maximum).
export const PasswordSchema = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(128, "must be at most 128 characters");

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("must be an email address"))
  .pipe(z.string().max(254));

export const NameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters")
  .superRefine(safeText());

export const NewUserSchema = z.strictObject({
  email: EmailSchema,
  name: NameSchema,
  password: PasswordSchema,
  role: RoleSchema.default("user"),
});
export type NewUser = z.input<typeof NewUserSchema>;

export const UserPatchSchema = z
  .strictObject({ role: RoleSchema.optional(), name: NameSchema.optional() })
  .refine((v) => v.role !== undefined || v.name !== undefined, { message: "send role or name", path: ["role"] });

export const SetPasswordSchema = z.strictObject({ password: PasswordSchema });

export const FirstAdminSchema = z.strictObject({ name: NameSchema, email: EmailSchema, password: PasswordSchema });

export const NewTokenSchema = z.strictObject({
  name: NameSchema,
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});

/** Path parameters of /api/users/{id} and /api/tokens/{id}; an id that names nothing is a 404. */
export const UserParams = z.object({ id: z.string().min(1).max(100) });
export const TokenParams = z.object({ id: z.string().min(1).max(100) });

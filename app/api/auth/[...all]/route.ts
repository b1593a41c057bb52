// GET|POST /api/auth/* — better-auth: sign-in (POST /api/auth/sign-in/email), sign-out, session
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "../../../../lib/auth/auth";

export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler(auth);

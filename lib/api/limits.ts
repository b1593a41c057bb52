// Size limits of what Cadre reads from a request, shared by the web server (which refuses an oversized
// Content-Length before reading anything) and the route wrapper (which counts the bytes as they arrive).

/** The largest request body any route accepts. */
export const MAX_BODY_BYTES = 1_048_576;

/** How deep objects and arrays may nest in a JSON body. */
export const MAX_JSON_DEPTH = 32;

/** The worker hands over bursts of fired slots in one request (up to 500 tasks of up to 100,000 characters). */
export const MAX_INTERNAL_BODY_BYTES = 64 * 1_048_576;

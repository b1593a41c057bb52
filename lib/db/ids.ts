// Ids for rows inserted with plain SQL, of the shape Prisma's cuid() default gives rows it inserts itself (25
// characters: "c", the time, a counter and randomness): ids made by one process in the same millisecond sort in the
// order they were made, as cuids do.
import crypto from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const RANDOM_CHARS = 12;
/** Random bytes drawn ahead, a few hundred ids' worth at a time: one call to the system's generator, not one an id. */
const pool = Buffer.alloc(RANDOM_CHARS * 256);
let used = pool.length;
let counter = 0;

export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const count = counter.toString(36).padStart(4, "0");
  if (used + RANDOM_CHARS > pool.length) {
    crypto.randomFillSync(pool);
    used = 0;
  }
  let random = "";
  for (let i = 0; i < RANDOM_CHARS; i++) random += ALPHABET[pool[used + i] % 36];
  used += RANDOM_CHARS;
  return `c${time}${count}${random}`;
}

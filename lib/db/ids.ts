// Ids for rows inserted with plain SQL, of the shape Prisma's cuid() default gives rows it inserts itself (25
// characters: "c", the time, a counter and randomness): ids made by one process in the same millisecond sort in the
// order they were made, as cuids do.
import crypto from "node:crypto";

let counter = 0;

export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const count = counter.toString(36).padStart(4, "0");
  const random = Array.from(crypto.randomBytes(12), (b) => (b % 36).toString(36)).join("");
  return `c${time}${count}${random}`;
}

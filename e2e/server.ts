// Starts Cadre for the browser tests on a data folder emptied first, so first-run setup is shown.
import fs from "node:fs";

const dataDir = process.env.CADRE_DATA_DIR;
if (!dataDir || !dataDir.includes("e2e")) throw new Error("CADRE_DATA_DIR must name the e2e data folder");
fs.rmSync(dataDir, { recursive: true, force: true });
await import("@/scripts/start.ts");

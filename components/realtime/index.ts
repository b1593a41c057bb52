// Live events in the browser: wrap signed-in pages in <RealtimeProvider>, then use the hooks.
export { RealtimeProvider } from "./realtime-provider";
export { useAgentRoom, useRealtimeEvent, useRealtimeStatus } from "./hooks";
export type { RealtimeStatus } from "./connection";

// Live events in the browser: wrap signed-in pages in <RealtimeProvider>, then use the hooks.

export type { RealtimeStatus } from "./connection";
export { useAgentRoom, useAgentRooms, useRealtimeEvent, useRealtimeStatus } from "./hooks";
export { RealtimeProvider } from "./realtime-provider";

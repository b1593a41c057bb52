"use client";
// Hooks for pages: listen to an event, join an agent's room while mounted, show the connection state.
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { EventName, EventPayload } from "@/lib/realtime/events";
import type { RealtimeStatus } from "./connection";
import { useRealtimeConnection } from "./realtime-provider";

/** Calls `handler` with every valid `name` event this user may see; the latest handler is used, no resubscribe. */
export function useRealtimeEvent<E extends EventName>(name: E, handler: (payload: EventPayload<E>) => void): void {
  const connection = useRealtimeConnection();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => connection.on(name, (payload) => latest.current(payload)), [connection, name]);
}

/** Receives the agent's events while the calling component is mounted (kept across reconnects). */
export function useAgentRoom(agentName: string | null | undefined): void {
  const connection = useRealtimeConnection();
  useEffect(() => (agentName ? connection.joinAgent(agentName) : undefined), [connection, agentName]);
}

export function useRealtimeStatus(): RealtimeStatus {
  const connection = useRealtimeConnection();
  // The server render has no connection yet.
  return useSyncExternalStore(connection.onStatus, connection.getStatus, () => "connecting");
}

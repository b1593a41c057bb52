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

/** Receives the events of several agents while mounted (a list across agents); at most `max` rooms are joined. */
export function useAgentRooms(agentNames: readonly string[], max = 200): void {
  const connection = useRealtimeConnection();
  const key = [...new Set(agentNames)].sort().slice(0, max).join(" ");
  useEffect(() => {
    if (!key) return;
    const leaves = key.split(" ").map((name) => connection.joinAgent(name));
    return () => {
      for (const leave of leaves) leave();
    };
  }, [connection, key]);
}

export function useRealtimeStatus(): RealtimeStatus {
  const connection = useRealtimeConnection();
  // The server render has no connection yet.
  return useSyncExternalStore(connection.onStatus, connection.getStatus, () => "connecting");
}

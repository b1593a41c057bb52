"use client";
// A small light for the live connection: green when updates arrive by themselves.
import { useRealtimeStatus } from "@/components/realtime";

const LOOK = {
  connected: { color: "bg-emerald-500", text: "Live updates on" },
  connecting: { color: "bg-amber-400 animate-pulse", text: "Connecting to live updates" },
  disconnected: { color: "bg-slate-400", text: "Live updates off; pages refresh every few seconds" },
} as const;

export function RealtimeDot() {
  const look = LOOK[useRealtimeStatus()];
  return (
    <span className="inline-flex items-center" title={look.text}>
      <span aria-hidden className={`size-2 rounded-full ${look.color}`} />
      <span className="sr-only">{look.text}</span>
    </span>
  );
}

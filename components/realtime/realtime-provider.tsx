"use client";
// Opens the live connection for every page below it (inside QueryClientProvider) and closes it on unmount.
import { createContext, useContext, useEffect, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { RealtimeTokenResponse } from "@/lib/realtime/token-response";
import { RealtimeConnection } from "./connection";

const RealtimeContext = createContext<RealtimeConnection | null>(null);

async function fetchRealtimeToken(): Promise<RealtimeTokenResponse> {
  return RealtimeTokenResponse.parse(await apiFetch<unknown>("/api/realtime/token"));
}

export function RealtimeProvider({ children }: { children: React.ReactNode }) {
  const [connection] = useState(() => new RealtimeConnection({ fetchToken: fetchRealtimeToken }));
  useEffect(() => {
    connection.start();
    return () => connection.close();
  }, [connection]);
  return <RealtimeContext.Provider value={connection}>{children}</RealtimeContext.Provider>;
}

export function useRealtimeConnection(): RealtimeConnection {
  const connection = useContext(RealtimeContext);
  if (!connection) throw new Error("Realtime hooks must be used inside <RealtimeProvider>");
  return connection;
}

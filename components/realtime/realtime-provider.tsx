"use client";
// Opens the live connection for every page below it (inside QueryClientProvider) and closes it on unmount. After a
// reconnect (the worker restarted, or the proxy sent the browser to another one) the page's data is read again:
// events sent while it was away are not replayed.
import { useQueryClient } from "@tanstack/react-query";
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
  const queryClient = useQueryClient();
  useEffect(() => {
    connection.start();
    return () => connection.close();
  }, [connection]);
  useEffect(() => {
    let wasConnected = connection.getStatus() === "connected";
    let away = false;
    return connection.onStatus(() => {
      const connected = connection.getStatus() === "connected";
      if (!connected && wasConnected) away = true;
      if (connected && away) {
        away = false;
        void queryClient.invalidateQueries();
      }
      wasConnected = connected;
    });
  }, [connection, queryClient]);
  return <RealtimeContext.Provider value={connection}>{children}</RealtimeContext.Provider>;
}

export function useRealtimeConnection(): RealtimeConnection {
  const connection = useContext(RealtimeContext);
  if (!connection) throw new Error("Realtime hooks must be used inside <RealtimeProvider>");
  return connection;
}

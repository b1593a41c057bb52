"use client";
// Client-side context for every signed-in page: the query cache, the live connection and who is signed in.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RealtimeProvider } from "@/components/realtime";
import { ApiError } from "@/lib/client/api";
import { type Viewer, ViewerProvider } from "./viewer";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not change by asking again.
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      },
    },
  });
}

export function Providers({ viewer, children }: { viewer: Viewer; children: React.ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider>
        <ViewerProvider value={viewer}>{children}</ViewerProvider>
      </RealtimeProvider>
    </QueryClientProvider>
  );
}

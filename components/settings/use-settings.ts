"use client";
// Query and mutation for the admin settings (Anthropic key and base URL).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { settingsKeys } from "../people/keys";

export interface AnthropicSettings {
  apiKeySet: boolean;
  apiKeyPreview: string | null;
  baseUrl: string | null;
  apiKeyFromEnv: boolean;
  baseUrlFromEnv: boolean;
}

export function useAnthropicSettings() {
  return useQuery({
    queryKey: settingsKeys.anthropic(),
    queryFn: ({ signal }) => apiFetch<{ anthropic: AnthropicSettings }>("/api/settings", { signal }).then((r) => r.anthropic),
  });
}

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { anthropicApiKey?: string | null; anthropicBaseUrl?: string | null }) =>
      apiFetch<{ anthropic: AnthropicSettings }>("/api/settings", { method: "PUT", body }).then((r) => r.anthropic),
    onSuccess: (data) => queryClient.setQueryData(settingsKeys.anthropic(), data),
  });
}

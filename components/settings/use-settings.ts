"use client";
// Query and mutation for the admin settings (Anthropic key and base URL, the schedules' minimum interval): one
// request for the page, each form reading its part.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { settingsKeys } from "@/components/people/keys";
import type { AuditSettingsDto } from "@/lib/audit/schemas";
import { apiFetch } from "@/lib/client/api";
import type { ScheduleSettingsDto } from "@/lib/schedules/schemas";

export interface AnthropicSettings {
  apiKeySet: boolean;
  apiKeyPreview: string | null;
  baseUrl: string | null;
  apiKeyFromEnv: boolean;
  baseUrlFromEnv: boolean;
}

interface Settings {
  anthropic: AnthropicSettings;
  schedules: ScheduleSettingsDto;
  audit: AuditSettingsDto;
}

export interface SettingsPatch {
  anthropicApiKey?: string | null;
  anthropicBaseUrl?: string | null;
  scheduleMinIntervalSeconds?: number;
  auditRetentionDays?: number | null;
}

function useSettings<T>(select: (s: Settings) => T) {
  return useQuery({
    queryKey: settingsKeys.current(),
    queryFn: ({ signal }) => apiFetch<Settings>("/api/settings", { signal }),
    select,
  });
}

const anthropicOf = (s: Settings) => s.anthropic;
const schedulesOf = (s: Settings) => s.schedules;

export const useAnthropicSettings = () => useSettings(anthropicOf);
export const useScheduleSettings = () => useSettings(schedulesOf);
const auditOf = (s: Settings) => s.audit;
export const useAuditSettings = () => useSettings(auditOf);

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsPatch) => apiFetch<Settings>("/api/settings", { method: "PUT", body }),
    onSuccess: (data) => queryClient.setQueryData(settingsKeys.current(), data),
  });
}

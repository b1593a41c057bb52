"use client";
// Queries and mutations of the notification screens: the channels and webhook endpoints (Settings), a person's
// choices (Profile), the delivery log (Deliveries). One key factory; each mutation updates or invalidates its keys.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import type {
  ChannelSettingsDto,
  ChannelSettingsPatch,
  DeliveryDto,
  PreferencesDto,
  PreferencesPatch,
  TestResult,
  WebhookDto,
} from "@/lib/notifications/schemas";

export const notificationKeys = {
  all: ["notifications"] as const,
  settings: () => [...notificationKeys.all, "settings"] as const,
  webhooks: () => [...notificationKeys.all, "webhooks"] as const,
  preferences: () => [...notificationKeys.all, "preferences"] as const,
  deliveries: (filters: DeliveryFilters) => [...notificationKeys.all, "deliveries", filters] as const,
  delivery: (id: string) => [...notificationKeys.all, "delivery", id] as const,
};

export interface DeliveryFilters {
  status?: string;
  channel?: string;
}

export function useChannelSettings() {
  return useQuery({
    queryKey: notificationKeys.settings(),
    queryFn: ({ signal }) => apiFetch<{ settings: ChannelSettingsDto }>("/api/notifications/settings", { signal }),
    select: (d) => d.settings,
  });
}

export function useSaveChannelSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChannelSettingsPatch) =>
      apiFetch<{ settings: ChannelSettingsDto }>("/api/notifications/settings", { method: "PUT", body }),
    onSuccess: (data) => qc.setQueryData(notificationKeys.settings(), data),
  });
}

export function useChannelTest() {
  return useMutation({
    mutationFn: (body: { channel: "email" | "slack"; to?: string }) =>
      apiFetch<{ result: TestResult }>("/api/notifications/test", { method: "POST", body }),
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: notificationKeys.webhooks(),
    queryFn: ({ signal }) => apiFetch<{ webhooks: WebhookDto[] }>("/api/notifications/webhooks", { signal }),
    select: (d) => d.webhooks,
  });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string; description: string; events: string[] }) =>
      apiFetch<{ webhook: WebhookDto & { secret: string } }>("/api/notifications/webhooks", { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.webhooks() }),
  });
}

export function useWebhookActions() {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: notificationKeys.webhooks() });
  const path = (id: string) => `/api/notifications/webhooks/${encodeURIComponent(id)}`;
  return {
    toggle: useMutation({
      mutationFn: (v: { id: string; enabled: boolean }) =>
        apiFetch(path(v.id), { method: "PATCH", body: { enabled: v.enabled } }),
      onSuccess: invalidate,
    }),
    remove: useMutation({
      mutationFn: (id: string) => apiFetch(path(id), { method: "DELETE" }),
      onSuccess: invalidate,
    }),
    test: useMutation({
      mutationFn: (id: string) => apiFetch<{ result: TestResult }>(path(id), { method: "POST" }),
    }),
  };
}

export function usePreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: ({ signal }) => apiFetch<{ preferences: PreferencesDto }>("/api/me/notifications", { signal }),
    select: (d) => d.preferences,
  });
}

export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesPatch) =>
      apiFetch<{ preferences: PreferencesDto }>("/api/me/notifications", { method: "PUT", body }),
    onSuccess: (data) => qc.setQueryData(notificationKeys.preferences(), data),
  });
}

export function useDeliveries(filters: DeliveryFilters) {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]);
  return useQuery({
    queryKey: notificationKeys.deliveries(filters),
    queryFn: ({ signal }) =>
      apiFetch<{ deliveries: DeliveryDto[]; nextBefore: string | null }>(`/api/deliveries?${params}`, { signal }),
    refetchInterval: 5_000,
  });
}

export function useDelivery(id: string, enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.delivery(id),
    queryFn: ({ signal }) =>
      apiFetch<{ delivery: DeliveryDto }>(`/api/deliveries/${encodeURIComponent(id)}`, { signal }),
    select: (d) => d.delivery,
    enabled,
  });
}

export function useRedeliver() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ delivery: DeliveryDto }>(`/api/deliveries/${encodeURIComponent(id)}/redeliver`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

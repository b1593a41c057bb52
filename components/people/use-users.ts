"use client";
// Queries and mutations for the people screen (admin).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { userKeys } from "./keys";

export interface UserItem {
  id: string;
  email: string;
  name: string;
  role: "admin" | "user";
  createdAt: string;
  updatedAt: string;
}

export function useUsers() {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ users: UserItem[] }>("/api/users", { signal }).then((r) => r.users),
  });
}

function useUserMutation<V, R>(request: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.list() }),
  });
}

export const useCreateUser = () =>
  useUserMutation((body: { email: string; name: string; password: string; role: "admin" | "user" }) =>
    apiFetch<{ user: UserItem }>("/api/users", { method: "POST", body }),
  );

export const useUpdateUser = () =>
  useUserMutation(({ id, ...body }: { id: string; role?: "admin" | "user"; name?: string }) =>
    apiFetch<{ user: UserItem }>(`/api/users/${encodeURIComponent(id)}`, { method: "PATCH", body }),
  );

export const useSetPassword = () =>
  useUserMutation(({ id, password }: { id: string; password: string }) =>
    apiFetch(`/api/users/${encodeURIComponent(id)}/password`, { method: "POST", body: { password } }),
  );

export const useRemoveUser = () =>
  useUserMutation((id: string) => apiFetch(`/api/users/${encodeURIComponent(id)}`, { method: "DELETE" }));

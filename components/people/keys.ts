// TanStack Query keys for users, API tokens and settings.
export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export const tokenKeys = {
  all: ["tokens"] as const,
  list: () => [...tokenKeys.all, "list"] as const,
};

export const settingsKeys = {
  all: ["settings"] as const,
  /** GET /api/settings: the Anthropic part and the schedules part */
  current: () => [...settingsKeys.all, "current"] as const,
};

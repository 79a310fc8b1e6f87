// Thin wrapper over the Workers rate-limit binding that turns "over the limit" into a 429.
import { tooManyRequests } from "./errors";

export function clientIp(headers: Headers): string {
  return headers.get("CF-Connecting-IP") ?? headers.get("X-Forwarded-For")?.split(",")[0]?.trim() ?? "local";
}

export async function enforceRateLimit(limiter: RateLimit, key: string, message?: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (!success) throw tooManyRequests(message);
}

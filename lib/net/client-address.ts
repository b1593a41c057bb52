// Who is the client: the socket's address, unless that address is a proxy the operator trusts
// (CADRE_TRUSTED_PROXIES), in which case the right-most X-Forwarded-For entry that is not itself a trusted proxy.
// Anything a client writes in X-Forwarded-For is ignored unless a trusted proxy is the one passing it on.
import net from "node:net";

export interface TrustedProxies {
  /** true when `address` (already normalised) is one of the trusted proxies */
  has(address: string): boolean;
  /** the entries as given, for the start-up log */
  readonly entries: readonly string[];
}

const LOOPBACK: [string, number, "ipv4" | "ipv6"][] = [
  ["127.0.0.0", 8, "ipv4"],
  ["::1", 128, "ipv6"],
];

/** An address as found in a socket or a header, reduced to a plain IP ("::ffff:10.0.0.1" → "10.0.0.1"), or null. */
export function normalizeAddress(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let value = raw.trim();
  // "[2001:db8::1]:443" and "203.0.113.7:51234" (some proxies append the port)
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const zone = value.indexOf("%");
  if (zone > 0) value = value.slice(0, zone);
  const kind = net.isIP(value);
  if (kind === 0) return null;
  if (kind === 6) {
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
    if (mapped) return mapped[1];
    return value.toLowerCase();
  }
  return value;
}

/**
 * Parses CADRE_TRUSTED_PROXIES: comma-separated IPs and CIDRs, IPv4 or IPv6, and the keyword `loopback`
 * (127.0.0.0/8 and ::1). Empty trusts nobody. A bad entry throws, naming it, so a typo cannot silently trust no one.
 */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  const list = new net.BlockList();
  const entries = (spec ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (entry.toLowerCase() === "loopback") {
      for (const [base, prefix, type] of LOOPBACK) list.addSubnet(base, prefix, type);
      continue;
    }
    const [addressPart, prefixPart, extra] = entry.split("/");
    const address = normalizeAddress(addressPart);
    const type = address && net.isIP(address) === 6 ? "ipv6" : "ipv4";
    const max = type === "ipv6" ? 128 : 32;
    if (!address || extra !== undefined || (prefixPart !== undefined && !/^\d{1,3}$/.test(prefixPart))) {
      throw new Error(`CADRE_TRUSTED_PROXIES: "${entry}" is not an IP address, a CIDR or "loopback"`);
    }
    const prefix = prefixPart === undefined ? max : Number(prefixPart);
    if (prefix > max) throw new Error(`CADRE_TRUSTED_PROXIES: "${entry}" has a prefix longer than ${max}`);
    list.addSubnet(address, prefix, type);
  }
  return {
    entries,
    has: (address) => entries.length > 0 && list.check(address, net.isIP(address) === 6 ? "ipv6" : "ipv4"),
  };
}

/** All X-Forwarded-For entries in order, client first; repeated headers are one list (RFC 9110 §5.3). */
function forwardedList(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(",") : (header ?? "");
  return joined
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
}

/**
 * The client's address. `socketAddress` is the peer of the TCP connection; when it is not a trusted proxy it is
 * the answer, whatever the headers say. Otherwise X-Forwarded-For is walked from the right (the entry the
 * trusted proxy itself added) past further trusted proxies; the first other address is the client. An entry
 * that is not an IP ends the walk at the last trusted hop, since nothing to its left can be vouched for.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string | null {
  let client = normalizeAddress(socketAddress);
  if (!client || !trusted.has(client)) return client;
  const hops = forwardedList(forwardedFor);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}

import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";
import type { Principal } from "../core/auth/principal";

/** Reads the address of the client that sent a request (see {@link clientAddressResolver}). */
export type ClientAddressOf = (request: IncomingMessage) => string;

/**
 * The client address of a request: the connection's peer, or, when that peer is one of
 * `trustedProxies` (TRUSTED_PROXIES: IPs, CIDRs, or proxy-addr's presets `loopback`, `linklocal`,
 * `uniquelocal`), the nearest address in `X-Forwarded-For` that is not itself a trusted proxy
 * (proxy-addr, as Express does it). Without trusted proxies the header is ignored, since any client can
 * write it. Addresses are normalized ({@link normalizeAddress}).
 */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressOf {
  if (trustedProxies.length === 0) return (request) => normalizeAddress(request.socket.remoteAddress);
  const trust = proxyAddr.compile([...trustedProxies]);
  return (request) => normalizeAddress(request.socket.remoteAddress ? proxyAddr(request, trust) : undefined);
}

/**
 * One client's address as a key: IPv4 as it is (an IPv4-mapped IPv6 address included), IPv6 by its
 * /64 prefix, since one subscriber is usually given a whole /64 and could otherwise change address for
 * every request. Unparsable or missing: `unknown`.
 */
export function normalizeAddress(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return "unknown";
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${new ipaddr.IPv6([...v6.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}

/**
 * Who a request counts against for admission: a verified token's role and subject (so one shopper's
 * tabs and devices share a budget, and a flood of anonymous requests from one address is one client),
 * else the client address.
 */
export function clientKey(principal: Principal, address: string): string {
  return principal.role === "anonymous" ? `ip:${address}` : `${principal.role}:${principal.subject}`;
}

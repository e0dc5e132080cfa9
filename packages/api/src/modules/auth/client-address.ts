import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Longer than any textual IP address (45 characters) plus a short zone id. */
const MAX_ADDRESS_LENGTH = 64;

const isAddress = (value: string | undefined): value is string =>
  value !== undefined && value.length <= MAX_ADDRESS_LENGTH && isIP(value) !== 0;

/**
 * The caller's address: what Express derived under the `trust proxy` setting when it is a
 * syntactically valid IP, else the socket's peer. A forwarded header can be anything a client
 * typed, so nothing else from it is ever used.
 */
export function clientAddress(req: {
  ip?: string | undefined;
  socket?: { remoteAddress?: string | undefined } | undefined;
}): string {
  if (isAddress(req.ip)) return req.ip;
  const peer = req.socket?.remoteAddress;
  return isAddress(peer) ? peer : 'unknown';
}

/**
 * What a rate limit counts an address under: an IPv4 address as itself (also when written as
 * IPv4-mapped IPv6), an IPv6 address by its /64 — the block one subscriber usually holds — so
 * that rotating through one's own addresses does not reset the count. At most 24 characters.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return 'unknown';
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const groups = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((n) => n.toString(16));
  return `${groups.join(':')}::/64`;
}

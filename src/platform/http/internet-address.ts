import { BlockList, isIP } from 'node:net';

/**
 * Whether an address is on the public internet: for fetching pages other people control without reaching
 * inside the school's network (accounts/safe-fetch.ts), and for telling, before a platform is asked to
 * fetch a photo from Guardpost, that the platform could never reach the address Guardpost is configured at.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Whether an address is private, loopback, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const lower = address.toLowerCase();
    // IPv4-mapped (::ffff:10.0.0.1) is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(lower, 'ipv6');
  }
  return true;
}

/** Host names that only mean something inside a network (mDNS, internal zones, a bare machine name). */
const internalName = /(^|\.)(localhost|local|internal|lan|home|corp|localdomain|home\.arpa)$/i;

/**
 * Why the internet could not reach `baseUrl`, or undefined when it could: an address in a private,
 * loopback or link-local range, or a name that only resolves inside a network. Decided from the address
 * alone (no DNS), so a public name that resolves to a private address is not caught here.
 */
export function whyUnreachableFromInternet(baseUrl: string): string | undefined {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  } catch {
    return 'it is not a web address';
  }
  if (isIP(host))
    return isPrivateAddress(host) ? 'it is a private, loopback or link-local address' : undefined;
  if (!host.includes('.') || internalName.test(host)) return 'it is a name only a local network knows';
  return undefined;
}

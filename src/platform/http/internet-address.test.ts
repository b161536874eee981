import { describe, expect, it } from 'vitest';
import { whyUnreachableFromInternet } from './internet-address.js';

describe('whether the internet can reach an address', () => {
  it('refuses loopback, private and link-local addresses and names only a local network knows', () => {
    for (const url of [
      'http://localhost:3000',
      'http://127.0.0.1:3000',
      'http://127.8.9.10',
      'http://10.2.3.4',
      'http://172.20.0.5:8080',
      'http://192.168.1.20',
      'http://169.254.10.1',
      'http://[::1]:3000',
      'http://[fe80::1]',
      'http://[fd12:3456::1]',
      'http://guardpost.local',
      'https://guardpost.school.internal',
      'http://guardpost.localhost',
      'http://fileserver',
      'https://guardpost.home.arpa.',
      'not a url',
    ])
      expect(whyUnreachableFromInternet(url), url).toBeDefined();
  });

  it('accepts public names and addresses', () => {
    for (const url of [
      'https://guardpost.fernhill.sch.uk',
      'https://81.2.69.160',
      'https://[2a04:4e42::223]',
    ])
      expect(whyUnreachableFromInternet(url), url).toBeUndefined();
  });
});

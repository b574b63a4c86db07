import { describe, expect, it } from 'vitest';
import { isPrivateAddress, resolvedAddressProblem, webhookUrlProblem } from './address.ts';

describe('webhook URL policy', () => {
  const strict = { allowPrivate: false };
  const development = { allowPrivate: true };

  it('takes public https URLs', () => {
    expect(webhookUrlProblem('https://crm.example.com/hooks/touchpoint', strict)).toBeNull();
    expect(webhookUrlProblem('https://93.184.216.34/hook', strict)).toBeNull();
  });

  it.each([
    'http://crm.example.com/hook',
    'https://127.0.0.1/hook',
    'https://localhost/hook',
    'https://10.0.0.5/hook',
    'https://172.16.1.1/hook',
    'https://192.168.1.10/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://[::1]/hook',
    'https://[fd00:ec2::254]/hook',
    'https://[fe80::1]/hook',
    'https://[::ffff:10.0.0.1]/hook',
    'https://[::127.0.0.1]/hook', // IPv4-compatible
    'https://[::ffff:0:7f00:1]/hook', // SIIT
    'https://[2002:7f00:1::]/hook', // 6to4 of 127.0.0.1
    'https://[2001:0:4136:e378::1]/hook', // Teredo
    'https://[2001:db8::1]/hook', // documentation
    'https://[fec0::1]/hook', // site-local
    'https://[64:ff9b::a00:1]/hook', // NAT64 of 10.0.0.1
    'https://[100::1]/hook', // discard
    'https://[0:0:0:0:0:0:0:1]/hook',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://user:pass@crm.example.com/hook',
    'ftp://crm.example.com/hook',
    'not a url',
  ])('refuses %s', (url) => {
    expect(webhookUrlProblem(url, strict)).not.toBeNull();
  });

  it('allows http to loopback only in development mode', () => {
    expect(webhookUrlProblem('http://127.0.0.1:9999/hook', development)).toBeNull();
    expect(webhookUrlProblem('http://localhost:9999/hook', development)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5/hook', development)).not.toBeNull();
    expect(webhookUrlProblem('http://169.254.169.254/', development)).not.toBeNull();
  });

  it('checks resolved addresses again at delivery time', () => {
    // Refused without naming the address: the site owner reads this in the delivery log.
    expect(resolvedAddressProblem('10.1.2.3', strict)).toBe('resolves to a private or reserved address');
    expect(resolvedAddressProblem('fd00:ec2::254', strict)).not.toBeNull();
    expect(resolvedAddressProblem('127.0.0.1', strict)).not.toBeNull();
    expect(resolvedAddressProblem('127.0.0.1', development)).toBeNull();
    expect(resolvedAddressProblem('93.184.216.34', strict)).toBeNull();
  });

  it('classifies addresses', () => {
    expect(['0.0.0.0', '100.64.0.1', '198.18.0.1', '224.0.0.1', '255.255.255.255'].every(isPrivateAddress)).toBe(true);
    expect(['8.8.8.8', '2606:4700::1111', '172.32.0.1'].some(isPrivateAddress)).toBe(false);
    expect(
      ['2001:4860:4860::8888', '[2a00:1450:4001::200e]', '::ffff:8.8.8.8', 'crm.example.com'].some(isPrivateAddress),
    ).toBe(false);
    expect(['::', '::1', '::ffff:7f00:1', 'fe80::1%eth0', '1:2:3', 'ff02::1'].every(isPrivateAddress)).toBe(true);
  });
});
